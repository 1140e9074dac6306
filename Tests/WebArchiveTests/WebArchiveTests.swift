import Foundation
import NewsletterCore
import TestSupport
import Testing

@testable import Composer
@testable import Ledger
@testable import Settings
@testable import WebArchive

@Suite struct WebArchiveTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder(prefix: "archive-test") }

    private func archive() -> WebArchive {
        let configuration = Configuration.Archive(
            folder: folder.url.appendingPathComponent("site"),
            url: "https://example.org/news/"
        )
        return WebArchive(
            listName: "Weekly <Test> & Co",
            archive: configuration,
            unsubscribeMailto: "mailto:u@example.org?subject=unsubscribe"
        )
    }

    private func record(_ ledger: Ledger, number: Int, subject: String, html: String) throws {
        let item = Item(
            id: "i\(number)",
            topic: "T",
            title: "Item",
            date: Day(year: 2026, month: 11, day: number),
            summary: "s"
        )
        let bulletin = Bulletin(
            kind: .issue,
            number: number,
            date: Day(year: 2026, month: 11, day: number),
            sections: [TopicSection(topic: "T", items: [item])]
        )
        _ = try ledger.record(
            bulletin,
            rendered: RenderedBulletin(subject: subject, text: "t", html: html),
            Recording { insert in
                try insert(Reader(email: "reader@example.org", name: "Reader Name"))
            }
        )
    }

    @Test func pagesFillTheRecipientHolesWithGenericValuesAndDropEmailOnlyMarkup() throws {
        let ledger = try Ledger.open(at: folder.url.appendingPathComponent("state.sqlite"))
        let html = """
            <!DOCTYPE html>
            <html lang="en" xmlns="http://www.w3.org/1999/xhtml">
            <head>
            <meta name="x-apple-disable-message-reformatting">
            <title>S</title>
            </head>
            <body>
            <center role="article"><table role="presentation" cellspacing="0" border="0" width="600" style="x">\
            <tr><td align="center">
            Hello \(RecipientField.name.placeholder) at \(RecipientField.email.placeholder):
            <a href="\(RecipientField.unsubscribeURL.placeholder)">Unsubscribe</a></td></tr></table></center>
            </body>
            </html>
            """
        try record(ledger, number: 1, subject: "First & <best>", html: html)
        try record(ledger, number: 2, subject: "Second", html: html)
        try archive().addIssue(2, from: ledger)
        let site = folder.url.appendingPathComponent("site")
        #expect(
            Set(try FileManager.default.contentsOfDirectory(atPath: site.path)) == ["2.html", "index.html", "feed.xml"]
        )
        let page = try String(contentsOf: site.appendingPathComponent("2.html"), encoding: .utf8)
        #expect(page.contains("Hello  at your address:"))
        #expect(page.contains("href=\"mailto:u@example.org?subject=unsubscribe\""))
        #expect(
            !page.contains("<center") && !page.contains("cellspacing") && !page.contains("width=\"600\"")
                && !page.contains("align=")
        )
        #expect(!page.contains("x-apple"))
        #expect(page.contains("<table role=\"presentation\" style=\"x\">"))
        #expect(page.contains("All issues of Weekly &lt;Test&gt; &amp; Co"))
        #expect(!page.contains("reader@example.org"))
        let feed = try String(contentsOf: site.appendingPathComponent("feed.xml"), encoding: .utf8)
        #expect(feed.contains("<title>First &amp; &lt;best&gt;</title>"))
        #expect(feed.contains("<id>https://example.org/news/2.html</id>"))
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.range(of: "2.html")!.lowerBound < index.range(of: "1.html")!.lowerBound)

        #expect(try archive().rebuild(from: ledger) == 2)
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("1.html").path))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: site.path).allSatisfy { !$0.hasPrefix(".") },
            "a temporary file was left"
        )
    }
}
