import Foundation
import MIME
import NewsletterCore
import Settings
import TestSupport
import Testing

@testable import Composer

/// A reader who gets only their topics: golden copies of the bundled example, and the renderer's
/// promise that a whole copy is what it was before copies could differ.
@Suite struct PersonalCopyTests {
    /// A fixed signing secret, so that the reader's own page in a golden file is always the same link.
    static let secretVariable = "NEWSLETTER_PERSONAL_COPY_TEST_SECRET"

    /// The example list with a fixed secret (signed links, the reader's own page) and its issue.
    static func example() throws -> (rendered: RenderedBulletin, factory: MessageFactory) {
        setenv(secretVariable, "q8Vt2LmXz5RkP0wNc7Hs4JdYb9FgA3eU6iTo1QrZ", 1)
        let (renderer, bulletin, factory) = try BulletinRendererTests.example { config in
            config.unsubscribe.secret = .environment(secretVariable)
        }
        return (renderer.render(bulletin), factory)
    }

    /// A reader of two topics, in the order the list gives its sections.
    static let twoTopics = Reader(
        email: "zoe.fairclough@example.net",
        name: "Zoë Fairclough",
        topics: ["Online safety", "Early years"],
        editionChoice: .topics
    )

    /// The edition of `reader`, as the ledger would choose it from the rendered sections.
    static func copy(of reader: Reader, in rendered: RenderedBulletin) -> Edition? {
        reader.edition(among: rendered.sections.map(\.topic))
    }

    @Test func aReaderOfTwoTopicsGetsThoseSectionsAndTheLineThatSaysSo() throws {
        let (rendered, factory) = try Self.example()
        let copy = try #require(Self.copy(of: Self.twoTopics, in: rendered))
        let text = factory.personalize(rendered.text, for: Self.twoTopics, edition: copy, html: false)
        let html = factory.personalize(rendered.html, for: Self.twoTopics, edition: copy, html: true)
        try GoldenFile.expect(text, "personal-two-topics.txt")
        try GoldenFile.expect(html, "personal-two-topics.html")

        // What a reader notices, beside the golden files' bytes.
        #expect(text.contains("This copy has only your topics: Early years and Online safety."))
        #expect(text.contains(factory.manageURL(for: Self.twoTopics)))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let headings = lines.indices.dropFirst().filter {
            lines[$0 - 1].hasPrefix("=====") && !lines[$0].hasPrefix("=====") && !lines[$0].isEmpty
        }
        .map { String(lines[$0]) }
        #expect(headings == ["Early years", "Online safety"])
        for topic in ["Information sharing", "Child sexual abuse", "Domestic abuse"] {
            #expect(!text.contains(topic), "the copy of two topics has no \(topic)")
            #expect(!html.contains(">\(topic)<"), "the HTML copy of two topics has no \(topic)")
        }
        // "In this issue" lists the two sections, in the list's order, and the four items.
        let contents = try #require(
            text.components(separatedBy: "In this issue\n").last?.components(separatedBy: "\n\n").first
        )
        #expect(
            contents.split(separator: "\n").filter { !$0.hasPrefix("    ") } == ["  Early years", "  Online safety"]
        )
        #expect(contents.split(separator: "\n").filter { $0.hasPrefix("    • ") }.count == 4)
        #expect(html.contains("4 new items in Early years and Online safety"))
        #expect(
            html.contains("href=\"\(factory.manageURL(for: Self.twoTopics))\">Change them, or get the whole issue</a>")
        )
    }

    @Test func aWholeIssueReaderGetsEverySectionAndNoLineAboutTopics() throws {
        let (rendered, factory) = try Self.example()
        let whole = Reader(email: "priya.raman@example.org", name: "Priya Raman")
        let text = factory.personalize(rendered.text, for: whole, html: false)
        let html = factory.personalize(rendered.html, for: whole, html: true)
        try GoldenFile.expect(text, "personal-whole.txt")
        #expect(!text.contains("only your topics"))
        #expect(!html.contains("only your topics"))
        for section in rendered.sections {
            #expect(text.contains("\n\(section.topic)\n"), "the whole copy has \(section.topic)")
        }
        // A reader who follows topics but takes the whole issue gets it whole too.
        var follower = Self.twoTopics
        follower.editionChoice = .whole
        #expect(Self.copy(of: follower, in: rendered) == .whole)
        // As does one who chose only their topics and follows every section of this issue.
        var everything = Self.twoTopics
        everything.topics = rendered.sections.map(\.topic)
        #expect(Self.copy(of: everything, in: rendered) == .whole)
    }

    @Test func aReaderWhoseTopicsHaveNothingThisWeekGetsNoCopy() throws {
        let (rendered, _) = try Self.example()
        let quiet = Reader(
            email: "r.quiet@example.org",
            topics: ["Youth justice", "Private fostering"],
            editionChoice: .topics
        )
        #expect(Self.copy(of: quiet, in: rendered) == nil)
    }

    @Test func theMessageOfAPersonalCopyDecodesToTheSameBodiesAsItsPreview() throws {
        let (rendered, factory) = try Self.example()
        let copy = try #require(Self.copy(of: Self.twoTopics, in: rendered))
        let message = try factory.message(for: Self.twoTopics, edition: copy)
        let parsed = try PythonEmail.inspect(message)
        #expect(parsed.allDefects.isEmpty)
        #expect(parsed.partTypes == ["text/plain", "text/html"])
        #expect(
            parsed.texts.map { $0.replacingOccurrences(of: "\r\n", with: "\n") } == [
                factory.personalize(rendered.text, for: Self.twoTopics, edition: copy, html: false),
                factory.personalize(rendered.html, for: Self.twoTopics, edition: copy, html: true),
            ]
        )
        let longest = String(decoding: message, as: UTF8.self).components(separatedBy: "\r\n").map(\.utf8.count).max()
        #expect((longest ?? 0) <= 78)
    }
}
