import Foundation

/// One reader on the list: a row of the subscriber file, or a reader the state database knows
/// (``RegisteredReader``), as a mailing sees them.
package struct Reader: Sendable, Equatable {
    /// The address mail goes to, as written in the list (compare with ``key``).
    package var email: String
    /// The display name; empty when the list has none.
    package var name: String
    /// The topics this reader follows: the alerts they get and, with ``editionChoice`` `.topics`, the
    /// sections of their weekly issue; empty means every topic.
    package var topics: [String]
    /// Whether their weekly issue is the whole issue (the default) or only their topics' sections.
    package var editionChoice: EditionChoice
    /// The generation of the links to their own page (`ManageToken`): 0 until their links are first
    /// revoked. Kept by the state database (``RegisteredReader/linksFrom``).
    package var linkGeneration: Int64 = 0

    /// Creates a reader.
    package init(email: String, name: String = "", topics: [String] = [], editionChoice: EditionChoice = .whole) {
        self.email = email
        self.name = name
        self.topics = topics
        self.editionChoice = editionChoice
    }

    /// Whether their weekly issue has only their topics: ``editionChoice`` is `.topics` and they chose some.
    package var readsOnlyTheirTopics: Bool { editionChoice == .topics && !topics.isEmpty }

    /// The edition of an issue with the sections `headings` (in order) that this reader gets: the
    /// whole issue when they read it whole or follow every heading in it, the numbers of their
    /// topics' sections otherwise; `nil` when none of their topics has a section, and then they
    /// get no message.
    package func edition(among headings: [String]) -> Edition? {
        guard readsOnlyTheirTopics else { return .whole }
        // Each name lower-cased once: a recording asks this of every reader.
        let mine = Set(topics.map { $0.lowercased() })
        let chosen = headings.indices.filter { mine.contains(headings[$0].lowercased()) }
        if chosen.isEmpty { return nil }
        return chosen.count == headings.count ? .whole : .sections(Set(chosen))
    }

    /// The address lower-cased: addresses are compared case-insensitively.
    package var key: String { email.lowercased() }

    /// Whether this reader takes alerts for `topic`.
    package func wants(topic: String) -> Bool {
        topics.isEmpty || topics.contains { $0.equalsIgnoringCase(topic) }
    }
}

/// The edition of the weekly issue a reader chose: the subscriber file's optional `issue` column,
/// a reader's own page and `subscribers add --issue`.
package enum EditionChoice: String, Sendable, Equatable, CaseIterable {
    /// Every section (the default: what every reader had before readers could choose).
    case whole
    /// Only the sections of the reader's topics; no message in a week when they carry nothing.
    case topics

    /// The choice a subscriber file's `issue` field or a command-line value names: `whole` or
    /// `topics`, any case; empty is `.whole`. `nil` for anything else.
    package init?(field: String) {
        let value = field.trimmingCharacters(in: .whitespaces).lowercased()
        if value.isEmpty {
            self = .whole
        } else if let choice = EditionChoice(rawValue: value) {
            self = choice
        } else {
            return nil
        }
    }
}
