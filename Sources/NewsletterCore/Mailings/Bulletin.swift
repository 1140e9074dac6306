/// What one mailing carries: a weekly issue or a topic alert, its number, date and sections.
package struct Bulletin: Sendable, Equatable {
    /// Whether this is the weekly issue or a one-off alert.
    package enum Kind: String, Sendable, Codable, CaseIterable {
        /// The weekly issue: carries every item no earlier issue carried.
        case issue
        /// A one-off alert for one topic; it does not use items up for the weekly issue.
        case alert
    }

    /// Issue or alert.
    package var kind: Kind
    /// The issue number (or alert number), counting from 1 within its kind.
    package var number: Int
    /// The date it goes out.
    package var date: Day
    /// The alert's topic; `nil` for an issue.
    package var topic: String?
    /// The items, grouped and ordered.
    package var sections: [TopicSection]

    /// Creates a bulletin.
    package init(kind: Kind, number: Int, date: Day, topic: String? = nil, sections: [TopicSection]) {
        self.kind = kind
        self.number = number
        self.date = date
        self.topic = topic
        self.sections = sections
    }

    /// Every item, in the order they appear.
    package var items: [Item] { sections.flatMap(\.items) }
}
