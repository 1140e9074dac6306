/// One content item: a report, consultation, event or piece of guidance, summarised for the bulletin.
///
/// Read from `ITEMS/<id>.md`: YAML front matter, then a Markdown summary. Every field has been
/// validated by the time an `Item` exists.
public struct Item: Sendable, Equatable, Identifiable {
    /// The file name without `.md`: the item's identity in the state database.
    public var id: String
    /// The heading it is grouped under.
    public var topic: String
    /// The headline.
    public var title: String
    /// Who published it, if known.
    public var source: String?
    /// When it was published.
    public var date: Day
    /// "LABEL: TITLE" links to read it.
    public var links: [Link]
    /// Related reading.
    public var seeAlso: [Reference]
    /// The summary, as Markdown.
    public var summary: String
    /// `draft: true`: kept out of every issue and alert until an editor removes the line.
    public var isDraft: Bool = false

    /// A link rendered as "LABEL: TITLE" followed by the URL.
    public struct Link: Sendable, Equatable {
        /// What to do: "Read the report".
        public var label: String
        /// What it leads to.
        public var title: String
        /// An `http`, `https` or `mailto` URL.
        public var url: String

        /// Creates a link.
        public init(label: String, title: String, url: String) {
            self.label = label
            self.title = title
            self.url = url
        }
    }

    /// A related page listed under "See also".
    public struct Reference: Sendable, Equatable {
        /// The page's title.
        public var title: String
        /// An `http`, `https` or `mailto` URL.
        public var url: String

        /// Creates a reference.
        public init(title: String, url: String) {
            self.title = title
            self.url = url
        }
    }

    /// Creates an item from already validated fields.
    public init(id: String, topic: String, title: String, source: String? = nil, date: Day,
                links: [Link] = [], seeAlso: [Reference] = [], summary: String, isDraft: Bool = false) {
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
