import Composer
import Foundation
import Ledger
import MIME
import NewsletterCore
import TextBasics

extension WebArchive {
    /// Issue `issue`'s page: the email's HTML with generic values in the recipient's holes and the
    /// email-client-only markup turned into plain HTML5.
    func page(for issue: ArchivedIssue) -> String {
        let values: [RecipientField: String] = [
            .email: "your address", .name: "", .unsubscribeURL: unsubscribeMailto,
        ]
        // The whole issue, whatever copies its readers got.
        var html = PersonalizedBody(rendered: issue.html).selecting(.whole).segments.map { segment in
            switch segment {
            case .literal(let text): text
            case .slot(let index): HTMLText.escape(RecipientField(rawValue: index).flatMap { values[$0] } ?? "")
            case .begin, .end: ""
            }
        }.joined()
        for (old, new) in Self.emailOnlyMarkup { html = html.replacingEvery(old, with: new) }
        html = Self.droppingPresentationalAttributes(html)
        let navigation = """
            <nav style="box-sizing:border-box;max-width:600px;margin:0 auto;padding:12px 20px 0;\
            font-family:-apple-system,BlinkMacSystemFont,\
            'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:14px;"><a href="index.html" style="color:#1a5fb4;">\
            All issues of \(HTMLText.escape(listName))</a> · <a href="feed.xml" style="color:#1a5fb4;">Feed</a></nav>
            """
        if let body = html.range(of: "<body"), let end = html[body.upperBound...].firstIndex(of: ">") {
            html.insert(contentsOf: "\n" + navigation, at: html.index(after: end))
        }
        if let head = html.range(of: "</head>") {
            let title = HTMLText.escape(listName)
            let feedLink =
                #"<link rel="alternate" type="application/atom+xml" href="feed.xml" title=""#
                + title + "\">\n"
            html.insert(contentsOf: feedLink, at: head.lowerBound)
        }
        return html
    }

    /// Markup that only email clients need and HTML5 calls obsolete or invalid, with its web form.
    static let emailOnlyMarkup: [(String, String)] = [
        ("<center ", "<div "), ("</center>", "</div>"),
        ("<meta name=\"x-apple-disable-message-reformatting\">\n", ""),
        ("<meta name=\"supported-color-schemes\" content=\"light dark\">\n", ""),
        (" supported-color-schemes: light dark;", ""),
        ("mso-hide:all;", ""),
        (" xmlns=\"http://www.w3.org/1999/xhtml\"", ""),
    ]

    /// `html` without the table attributes HTML5 made obsolete (the inline styles already say the same).
    static func droppingPresentationalAttributes(_ html: String) -> String {
        guard
            let pattern = try? NSRegularExpression(
                pattern: #"(<(?:table|td|tr)\b[^>]*?) "#
                    + #"(?:cellspacing|cellpadding|border|align|width|valign|bgcolor)="[^"]*""#
            )
        else { return html }
        var result = html
        while true {
            let range = NSRange(result.startIndex..., in: result)
            let replaced = pattern.stringByReplacingMatches(in: result, range: range, withTemplate: "$1")
            if replaced == result { return result }
            result = replaced
        }
    }

    /// The index: every issue, newest first, with its date, subject and item count.
    func index(_ issues: [ArchivedIssue]) -> String {
        let name = HTMLText.escape(listName)
        let rows = issues.map { issue -> String in
            let date = Day(iso: issue.date).map(\.long) ?? issue.date
            let items = "\(issue.itemCount) item\(issue.itemCount == 1 ? "" : "s")"
            return """
                <li><a href="\(issue.number).html">\(HTMLText.escape(issue.subject))</a><br>\
                <span class="meta">Issue \(issue.number) · \
                <time datetime="\(issue.date)">\(HTMLText.escape(date))</time> · \(items)</span></li>
                """
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>\(name): all issues</title>
            <link rel="alternate" type="application/atom+xml" href="feed.xml" title="\(name)">
            <style>
            body { margin: 0; padding: 24px 20px 40px; background: #f1f1f1; color: #1a1a1a;
              font: 16px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
            main { max-width: 600px; margin: 0 auto; }
            h1 { font-size: 24px; line-height: 1.25; margin: 0 0 4px; }
            ol { list-style: none; margin: 16px 0 0; padding: 0; }
            li { background: #fff; margin: 0 0 8px; padding: 12px 16px; }
            a { color: #1a5fb4; font-weight: bold; }
            .meta, .intro { color: #555; font-size: 14px; }
            @media (prefers-color-scheme: dark) {
              body { background: #121212; color: #e8e8e8; } li { background: #1e1e1e; }
              a { color: #8ab4f8; } .meta, .intro { color: #b0b0b0; }
            }
            </style>
            </head>
            <body>
            <main>
            <h1>\(name)</h1>
            <p class="intro">Every issue, newest first. <a href="feed.xml">Subscribe to the feed</a>.</p>
            \(issues.isEmpty ? "<p>No issue has been sent yet.</p>" : "<ol>\n\(rows)\n</ol>")
            </main>
            </body>
            </html>

            """
    }

    /// The Atom 1.0 feed (RFC 4287): one entry per issue, newest first.
    func feed(_ issues: [ArchivedIssue]) -> String {
        let base = archive.url
        let updated = issues.map(\.createdAt).max() ?? "1970-01-01T00:00:00Z"
        let entries = issues.map { issue -> String in
            let date = Day(iso: issue.date).map(\.long) ?? issue.date
            let items = "\(issue.itemCount) item\(issue.itemCount == 1 ? "" : "s")"
            return """
                <entry>
                <id>\(HTMLText.escapeForXML(base))\(issue.number).html</id>
                <title>\(HTMLText.escapeForXML(issue.subject))</title>
                <link rel="alternate" type="text/html" href="\(HTMLText.escapeForXML(base))\(issue.number).html"/>
                <published>\(issue.date)T00:00:00Z</published>
                <updated>\(HTMLText.escapeForXML(issue.createdAt))</updated>
                <summary>Issue \(issue.number) of \(HTMLText.escapeForXML(date)): \(items).</summary>
                </entry>
                """
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <id>\(HTMLText.escapeForXML(base))</id>
            <title>\(HTMLText.escapeForXML(listName))</title>
            <updated>\(HTMLText.escapeForXML(updated))</updated>
            <author><name>\(HTMLText.escapeForXML(listName))</name></author>
            <link rel="self" type="application/atom+xml" href="\(HTMLText.escapeForXML(base))feed.xml"/>
            <link rel="alternate" type="text/html" href="\(HTMLText.escapeForXML(base))index.html"/>
            \(entries)
            </feed>

            """
    }
}
