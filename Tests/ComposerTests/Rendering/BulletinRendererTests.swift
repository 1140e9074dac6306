import Foundation
import ItemFormat
import Markdown
import NewsletterCore
import Settings
import TestSupport
import Testing

@testable import Composer

/// The bodies of the bundled example, checked against golden files, and the renderer's promises.
@Suite struct BulletinRendererTests {
    static let reader = Reader(email: "priya.raman@example.org", name: "Priya Raman")
    static let date = Day(year: 2026, month: 11, day: 20)

    /// The example list's config, items and templates as issue 7, with `configure` applied to the
    /// config; by default the unsubscribe link in the unsigned form the golden files pin, so that
    /// they depend on the renderer alone and need no secret.
    static func example(
        configure: (inout Configuration) -> Void = unsignedLinks
    ) throws -> (BulletinRenderer, Bulletin, MessageFactory) {
        var config = try Configuration.load(from: Repository.root.appendingPathComponent("config.example.json").path)
        configure(&config)
        let items = try ItemLibrary.load(from: config.itemsFolder).validItems()
        let sections = Selection(topicOrder: config.topics).nextIssue(from: items, carried: [])
        let bulletin = Bulletin(kind: .issue, number: 7, date: date, sections: sections)
        let renderer = BulletinRenderer(
            configuration: config,
            templates: try TemplateSet.load(from: config.templatesFolder)
        )
        let factory = try MessageFactory(
            configuration: config,
            kind: .issue,
            number: 7,
            rendered: renderer.render(bulletin),
            date: Date(timeIntervalSince1970: 1_795_000_000)
        )
        return (renderer, bulletin, factory)
    }

    /// The unsubscribe link in the old `{{email}}` form, with no secret.
    static func unsignedLinks(_ config: inout Configuration) {
        config.unsubscribe.url = "https://example.org/unsubscribe?email={{email}}"
        config.unsubscribe.secret = nil
    }

    @Test func exampleTextBodyMatchesTheGoldenFile() throws {
        let (renderer, bulletin, factory) = try Self.example()
        try GoldenFile.expect(
            factory.personalize(renderer.render(bulletin).text, for: Self.reader, html: false),
            "example.txt"
        )
    }

    @Test func exampleHTMLBodyMatchesTheGoldenFile() throws {
        let (renderer, bulletin, factory) = try Self.example()
        try GoldenFile.expect(
            factory.personalize(renderer.render(bulletin).html, for: Self.reader, html: true),
            "example.html"
        )
    }

    @Test func textIsWrappedAt72ColumnsExceptURLs() throws {
        let (renderer, bulletin, _) = try Self.example()
        let text = renderer.render(bulletin).text
        for line in text.split(separator: "\n") {
            #expect(
                TextWrapper.displayWidth(line) <= 72 || !line.contains(" ") && line.contains("://"),
                "too wide: \(line)"
            )
            #expect(!line.hasSuffix(" "), "trailing space: \(line)")
        }
        #expect(!text.contains("\n\n\n"))
        #expect(!text.contains("*"), "Markdown emphasis must be dropped in the text body")
        #expect(text.contains("  • many young people said"))
    }

    @Test func everyItemAppearsOnceUnderItsTopicInConfiguredOrder() throws {
        let (renderer, bulletin, _) = try Self.example()
        let text = renderer.render(bulletin).text
        let headings = [
            "Information sharing", "Child sexual abuse", "Child criminal exploitation", "Children’s residential care",
            "Domestic abuse", "Early years", "Online safety",
        ]
        let positions = headings.compactMap { text.range(of: "=\n\($0)\n=")?.lowerBound }
        #expect(positions.count == headings.count)
        #expect(positions == positions.sorted())
        for item in bulletin.items {
            #expect(text.components(separatedBy: "https://example").count > 1)
            #expect(
                renderer.render(bulletin).html.components(separatedBy: "id=\"item-\(item.id)\"").count == 2,
                "\(item.id) is not there exactly once"
            )
        }
    }

    @Test func htmlIsEmailSafe() throws {
        let (renderer, bulletin, _) = try Self.example()
        let html = renderer.render(bulletin).html
        #expect(html.contains("<html lang=\"en\" dir=\"ltr\""))
        #expect(html.contains("role=\"presentation\""))
        #expect(html.contains("width=\"600\""))
        #expect(html.contains("name=\"color-scheme\""))
        #expect(html.contains("font-size:16px"))
        #expect(html.contains("display:none"), "hidden preheader")
        for item in bulletin.items { #expect(html.contains("href=\"#item-\(item.id)\"")) }
        #expect(html.contains("https://example.org/newsletter/7.html"))
        #expect(html.contains(RecipientField.unsubscribeURL.placeholder))
    }

    @Test func rawHTMLInItemsIsEscapedNeverRun() throws {
        let (renderer, _, _) = try Self.example()
        let evil = Item(
            id: "evil",
            topic: "<b>Topic</b>",
            title: "<script>alert('t')</script>",
            source: "\"><img src=x onerror=alert(1)>",
            date: Self.date,
            links: [
                Item.Link(label: "<i>Go</i>", title: "x\" onclick=\"alert(1)", url: "https://example.org/?a=1&b=\"2\"")
            ],
            summary: "Hi <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))"
        )
        let html = renderer.render(
            Bulletin(
                kind: .issue,
                number: 1,
                date: Self.date,
                sections: [TopicSection(topic: evil.topic, items: [evil])]
            )
        ).html
        for forbidden in ["<script", "<img", "<b>", "<i>", "javascript:", "onclick=\"", "\"2\""] {
            #expect(!html.contains(forbidden), "\(forbidden) reached the HTML")
        }
        #expect(html.contains("&lt;script&gt;"))
    }

    @Test func aTwentyFiveItemIssueStaysUnderGmailsClippingLimit() throws {
        let (renderer, bulletin, _) = try Self.example()
        var items: [Item] = []
        while items.count < 25 {
            items += bulletin.items.map {
                var copy = $0
                copy.id += "-\(items.count)"
                return copy
            }
        }
        let big = Bulletin(
            kind: .issue,
            number: 7,
            date: Self.date,
            sections: Selection(topicOrder: []).sections(Array(items.prefix(25)))
        )
        let size = renderer.render(big).html.utf8.count
        #expect(size < 90_000, "a 25-item issue has \(size) bytes of HTML")
    }

    @Test func subjectComesFromTheConfigTemplate() throws {
        let (renderer, bulletin, _) = try Self.example()
        #expect(renderer.subject(for: bulletin) == "Safeguarding Weekly · Issue 7 · 20 November 2026")
        let alert = Bulletin(kind: .alert, number: 2, date: Self.date, topic: "Online safety", sections: [])
        #expect(renderer.subject(for: alert) == "Safeguarding Weekly · Alert: Online safety · 20 November 2026")
    }
}
