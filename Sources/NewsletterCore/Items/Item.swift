/// One content item: a report, consultation, event or piece of guidance, summarised for the bulletin.
///
/// Read from `ITEMS/<id>.md`: YAML front matter, then a Markdown summary. Every field has been
/// validated by the time an `Item` exists.
package struct Item: Sendable, Equatable, Identifiable {
    /// The file name without `.md`: the item's identity in the state database.
    package var id: String
    /// The heading it is grouped under.
    package var topic: String
    /// The headline.
    package var title: String
    /// Who published it, if known.
    package var source: String?
    /// When it was published.
    package var date: Day
    /// "LABEL: TITLE" links to read it.
    package var links: [Link]
    /// Related reading.
    package var seeAlso: [Reference]
    /// The summary, as Markdown.
    package var summary: String
    /// `draft: true`: kept out of every issue and alert until an editor removes the line.
    package var isDraft: Bool = false

    /// A link rendered as "LABEL: TITLE" followed by the URL.
    package struct Link: Sendable, Equatable {
        /// What to do: "Read the report".
        package var label: String
        /// What it leads to.
        package var title: String
        /// An `http`, `https` or `mailto` URL.
        package var url: String

        /// Creates a link.
        package init(label: String, title: String, url: String) {
            self.label = label
            self.title = title
            self.url = url
        }
    }

    /// A related page listed under "See also".
    package struct Reference: Sendable, Equatable {
        /// The page's title.
        package var title: String
        /// An `http`, `https` or `mailto` URL.
        package var url: String

        /// Creates a reference.
        package init(title: String, url: String) {
            self.title = title
            self.url = url
        }
    }

    /// Creates an item from already validated fields.
    package init(
        id: String,
        topic: String,
        title: String,
        source: String? = nil,
        date: Day,
        links: [Link] = [],
        seeAlso: [Reference] = [],
        summary: String,
        isDraft: Bool = false
    ) {
        self.id = id
        self.topic = topic
        self.title = title
        self.source = source
        self.date = date
        self.links = links
        self.seeAlso = seeAlso
        self.summary = summary
        self.isDraft = isDraft
    }
}
