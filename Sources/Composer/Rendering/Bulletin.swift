/// What one mailing carries: a weekly issue or a topic alert, its number, date and sections.
public struct Bulletin: Sendable, Equatable {
    /// Whether this is the weekly issue or a one-off alert.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The weekly issue: carries every item no earlier issue carried.
        case issue
        /// A one-off alert for one topic; it does not use items up for the weekly issue.
        case alert
    }

    /// Issue or alert.
    public var kind: Kind
    /// The issue number (or alert number), counting from 1 within its kind.
    public var number: Int
    /// The date it goes out.
    public var date: Day
    /// The alert's topic; `nil` for an issue.
    public var topic: String?
    /// The items, grouped and ordered.
    public var sections: [TopicSection]

    /// Creates a bulletin.
    public init(kind: Kind, number: Int, date: Day, topic: String? = nil, sections: [TopicSection]) {
        self.kind = kind
        self.number = number
        self.date = date
        self.topic = topic
        self.sections = sections
    }

    /// Every item, in the order they appear.
    public var items: [Item] { sections.flatMap(\.items) }
}
