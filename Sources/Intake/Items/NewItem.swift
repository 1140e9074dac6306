import Foundation
import IntakeCore
import ItemFormat
import NewsletterCore

/// Writes a new item file from the command line's fields, quoted correctly, never over another file.
package struct NewItem: Sendable {
    /// The heading it goes under.
    package var topic: String
    /// The headline.
    package var title: String
    /// The address of what it is about; without one the item is a draft.
    package var url: String?
    /// Who published it.
    package var source: String?

    /// Creates the fields of a new item.
    package init(topic: String, title: String, url: String?, source: String?) {
        self.topic = topic
        self.title = title
        self.url = url
        self.source = source
    }

    /// Writes the item into `folder`, dated `today`, and returns its file.
    ///
    /// The text is checked exactly as `check` would before it is written; a bad field fails with
    /// `.usage` naming the option.
    package func write(in folder: URL, today: Day) throws(NewsletterError) -> URL {
        let topic = topic.collapsingWhitespace()
        let title = title.collapsingWhitespace()
        let source = source.map { $0.collapsingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        let base = ItemFile.id(date: today, title: title)
        var id = base
        var suffix = 2
        while FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(id).md").path) {
            id = "\(base)-\(suffix)"
            suffix += 1
        }
        let address = url?.trimmingCharacters(in: .whitespaces) ?? ""
        let item = Item(
            id: id,
            topic: topic,
            title: title,
            source: source,
            date: today,
            links: [Item.Link(label: "Read more", title: title, url: address)],
            summary: "Write a short summary here: what was published, for whom, and why it matters.",
            isDraft: address.isEmpty
        )
        let text = Data(ItemFile.text(of: item).utf8)
        if let first = Item.problems(inFileText: text, id: id, displayPath: "\(id).md").first {
            let option = first.field.map { $0.hasPrefix("links") ? "--url" : "--\($0)" } ?? "new"
            throw NewsletterError(.usage, first.message, context: option)
        }
        let file = folder.appendingPathComponent("\(id).md")
        try NewFile.write(text, to: file)
        return file
    }
}
