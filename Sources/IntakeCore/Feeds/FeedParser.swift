import Foundation
import NewsletterCore
import TextBasics

/// Reads RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents into ``Feed``s.
///
/// XML goes through Foundation's `XMLParser` (see ``XMLElementNode``), JSON through `JSONDecoder`.
/// Titles marked as HTML are decoded to text; summaries are the content's plain text, shortened.
package enum FeedParser {
    /// The feed in `data`, or why it is malformed.
    package static func parse(_ data: Data) -> Result<Feed, FeedProblem> {
        let first = data.first {
            !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF)
        }
        if first == UInt8(ascii: "{") { return json(data) }
        guard first == UInt8(ascii: "<") else {
            return .failure(.malformed(data.isEmpty ? "the response is empty" : "neither XML nor JSON"))
        }
        return XMLElementNode.parse(data).flatMap { root in
            switch root.localName {
            case "rss": return rss(root)
            case "feed": return .success(atom(root))
            case "RDF": return rss(root)
            default: return .failure(.malformed("the root element <\(root.name)> is not <rss> or Atom's <feed>"))
            }
        }
    }

    // MARK: - RSS 2.0

    private static func rss(_ root: XMLElementNode) -> Result<Feed, FeedProblem> {
        guard let channel = root.child("channel") else {
            return .failure(.malformed("an RSS document without <channel>"))
        }
        let items = root.localName == "RDF" ? root.children("item") : channel.children("item")
        let entries = items.map { item -> Feed.Entry in
            let title = clean(HTMLText.decodingEntities(item.child("title")?.allText ?? ""))
            let content = item.child("content:encoded")?.allText ?? item.child("description")?.allText ?? ""
            let link = item.child("link")?.allText.trimmingWhitespaceAndNewlines()
            let guid = item.child("guid")?.allText.trimmingWhitespaceAndNewlines()
            let date = (item.child("pubDate") ?? item.child("dc:date")).flatMap {
                ArchivedText.day(from: $0.allText)?.day
            }
            return entry(id: guid, link: link, title: title, date: date, html: content)
        }
        return .success(Feed(title: channel.child("title").map { clean($0.allText) }, entries: entries))
    }

    // MARK: - Atom 1.0

    private static func atom(_ root: XMLElementNode) -> Feed {
        let entries = root.children.filter { $0.localName == "entry" }.map { node -> Feed.Entry in
            let title = node.children.first { $0.localName == "title" }.map(atomText) ?? ""
            let links = node.children.filter { $0.localName == "link" }
            let link = (links.first { ($0.attributes["rel"] ?? "alternate") == "alternate" } ?? links.first)?
                .attributes["href"]
            let id = node.children.first { $0.localName == "id" }?.allText.trimmingWhitespaceAndNewlines()
            let date = ["published", "updated"].lazy.compactMap { name in node.children.first { $0.localName == name } }
                .first.flatMap { ArchivedText.day(from: $0.allText)?.day }
            let body =
                node.children.first { $0.localName == "content" } ?? node.children.first { $0.localName == "summary" }
            let html: String =
                body.map { element in
                    switch element.attributes["type"] ?? "text" {
                    case "html", "xhtml": element.allText
                    default: HTMLText.escape(element.allText)
                    }
                } ?? ""
            return entry(id: id, link: link, title: title, date: date, html: html)
        }
        let title = root.children.first { $0.localName == "title" }.map(atomText)
        return Feed(title: title, entries: entries)
    }

    /// An Atom text construct as plain text: `type="html"` and `"xhtml"` are decoded.
    private static func atomText(_ element: XMLElementNode) -> String {
        switch element.attributes["type"] ?? "text" {
        case "html", "xhtml": clean(HTMLText.plainText(element.allText))
        default: clean(element.allText)
        }
    }

    // MARK: - JSON Feed 1.1

    private struct JSONFeed: Decodable {
        var version: String
        var title: String?
        var items: [JSONItem]
    }

    private struct JSONItem: Decodable {
        var id: FlexibleString?
        var url: String?
        var title: String?
        var content_html: String?
        var content_text: String?
        var summary: String?
        var date_published: String?
        var date_modified: String?
    }

    /// A string that JSON Feed 1.0 publishers sometimes wrote as a number.
    private struct FlexibleString: Decodable {
        var value: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                value = text
            } else {
                value = String(try container.decode(Int64.self))
            }
        }
    }

    private static func json(_ data: Data) -> Result<Feed, FeedProblem> {
        let feed: JSONFeed
        do { feed = try JSONDecoder().decode(JSONFeed.self, from: data) } catch let error as DecodingError {
            return .failure(.malformed("JSON: \(describe(error))"))
        } catch {
            return .failure(.malformed("JSON: \(error.localizedDescription)"))
        }
        guard feed.version.hasPrefix("https://jsonfeed.org/version/") else {
            return .failure(.malformed("JSON: version '\(feed.version)' is not a JSON Feed version"))
        }
        let entries = feed.items.map { item in
            let html = item.content_html ?? (item.content_text ?? item.summary).map(HTMLText.escape) ?? ""
            let date = (item.date_published ?? item.date_modified).flatMap { ArchivedText.day(from: $0)?.day }
            return entry(id: item.id?.value, link: item.url, title: clean(item.title ?? ""), date: date, html: html)
        }
        return .success(Feed(title: feed.title.map(clean), entries: entries))
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo["NSDebugDescription"] as? String
            return underlying ?? context.debugDescription
        case .keyNotFound(let key, let context):
            return "the key '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))' is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        @unknown default:
            return "\(error)"
        }
    }

    // MARK: - Helpers

    private static func entry(id: String?, link: String?, title: String, date: Day?, html: String) -> Feed.Entry {
        let text = HTMLText.plainText(html)
        let summary = text.replacingOccurrences(of: "\n\n", with: " ").shortened()
        let shownTitle = title.isEmpty ? summary.shortened(sentences: 1, characters: 80) : title
        return Feed.Entry(
            id: id.flatMap { $0.isEmpty ? nil : $0 },
            link: link.flatMap { $0.isEmpty ? nil : $0 },
            title: shownTitle.isEmpty ? "Untitled entry" : shownTitle,
            date: date,
            summary: summary
        )
    }

    /// One line of text: whitespace collapsed, control characters dropped.
    private static func clean(_ text: String) -> String {
        String(
            text.unicodeScalars.filter { $0.properties.generalCategory != .control || $0 == "\n" || $0 == "\t" }
                .map(Character.init)
        ).collapsingWhitespace()
    }
}
