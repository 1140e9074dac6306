import Foundation

/// One reader on the list.
package struct Subscriber: Sendable, Equatable {
    /// The address mail goes to, as written in the list (compare with ``key``).
    package var email: String
    /// The display name; empty when the list has none.
    package var name: String
    /// The topics this reader follows: the alerts they get and, with ``scope`` `.topics`, the
    /// sections of their weekly issue; empty means every topic.
    package var topics: [String]
    /// Whether their weekly issue is the whole issue (the default) or only their topics' sections.
    package var scope: IssueScope

    /// Creates a subscriber.
    package init(email: String, name: String = "", topics: [String] = [], scope: IssueScope = .whole) {
        self.email = email
        self.name = name
        self.topics = topics
        self.scope = scope
    }

    /// Whether their weekly issue has only their topics: ``scope`` is `.topics` and they chose some.
    package var readsOnlyTheirTopics: Bool { scope == .topics && !topics.isEmpty }

    /// Which of an issue's sections (`headings`, in order) this reader gets: `nil` for the whole
    /// issue (they read it whole, or follow every heading in it), the numbers of their topics'
    /// sections otherwise; empty when none has one, and then they get no message.
    package func sections(among headings: [String]) -> [Int]? {
        guard readsOnlyTheirTopics else { return nil }
        // Each name lower-cased once: a recording asks this of every reader.
        let mine = Set(topics.map { $0.lowercased() })
        let chosen = headings.indices.filter { mine.contains(headings[$0].lowercased()) }
        return chosen.count == headings.count ? nil : chosen
    }

    /// The address lower-cased: addresses are compared case-insensitively.
    package var key: String { email.lowercased() }

    /// Whether this reader takes alerts for `topic`.
    package func wants(topic: String) -> Bool {
        topics.isEmpty || topics.contains { $0.equalsIgnoringCase(topic) }
    }
}

/// Which weekly issue a reader gets: the subscriber file's optional `issue` column, a reader's own
/// page and `subscribers add --issue`.
package enum IssueScope: String, Sendable, Equatable, CaseIterable {
    /// Every section (the default: what every reader had before readers could choose).
    case whole
    /// Only the sections of the reader's topics; no message in a week when they carry nothing.
    case topics

    /// The scope a subscriber file's `issue` field or a command-line value names: `whole` or
    /// `topics`, any case; empty is `.whole`. `nil` for anything else.
    package init?(field: String) {
        let value = field.trimmingCharacters(in: .whitespaces).lowercased()
        if value.isEmpty {
            self = .whole
        } else if let scope = IssueScope(rawValue: value) {
            self = scope
        } else {
            return nil
        }
    }
}
