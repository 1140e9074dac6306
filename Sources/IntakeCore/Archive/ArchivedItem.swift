import NewsletterCore
import TextBasics

/// One item read from an archived plain-text bulletin, before it becomes an item file.
///
/// The archive keeps no addresses: links and related pages carry their words only, so every item
/// read from it is a draft until an editor adds them.
package struct ArchivedItem: Sendable, Equatable {
    /// The heading it was grouped under.
    package var topic: String
    /// The headline.
    package var title: String
    /// Who published it, if the bulletin said.
    package var source: String?
    /// When it was published (see ``dateNote``).
    package var date: Day
    /// Why ``date`` needs a look: only a month was given, or none at all; `nil` when it was exact.
    package var dateNote: String?
    /// "LABEL: TITLE" links, without addresses.
    package var links: [Link]
    /// Titles of related pages, without addresses.
    package var seeAlso: [String]
    /// The summary as Markdown: paragraphs and `-` lists.
    package var summary: String
    /// The bulletin line the item starts on.
    package var line: Int

    /// A link as the archive shows it: what to do and what it leads to.
    package struct Link: Sendable, Equatable {
        /// "Read the report".
        package var label: String
        /// What the link leads to.
        package var title: String

        /// Creates a link.
        package init(label: String, title: String) {
            self.label = label
            self.title = title
        }
    }

    /// What identifies the item across bulletins, however its whitespace or letter case differs.
    package var matchKey: String {
        date.iso + " " + title.collapsingWhitespace().lowercased()
    }

    /// The item as the items folder will hold it: a draft, since its links have no addresses.
    package func item(id: String) -> Item {
        Item(
            id: id,
            topic: topic,
            title: title,
            source: source,
            date: date,
            links: links.map { Item.Link(label: $0.label, title: $0.title, url: "") },
            seeAlso: seeAlso.map { Item.Reference(title: $0, url: "") },
            summary: summary,
            isDraft: true
        )
    }
}
