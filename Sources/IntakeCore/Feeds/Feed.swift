import NewsletterCore

/// A feed document, read: its title and its entries, newest or oldest first as the publisher wrote them.
package struct Feed: Sendable, Equatable {
    /// The feed's own title.
    package var title: String?
    /// The entries.
    package var entries: [Entry]

    /// One entry of a feed.
    package struct Entry: Sendable, Equatable {
        /// The GUID, Atom id or JSON Feed id, when there is one.
        package var id: String?
        /// The address of the entry's page.
        package var link: String?
        /// The title, as plain text.
        package var title: String
        /// When it was published or last updated.
        package var date: Day?
        /// A plain-text summary of its content: HTML stripped, a few sentences.
        package var summary: String

        /// What identifies the entry across runs: its id first, then its link.
        package var keys: [String] {
            var keys: [String] = []
            if let id, !id.isEmpty { keys.append("id:" + id) }
            if let link, !link.isEmpty { keys.append("link:" + link) }
            if keys.isEmpty { keys.append("title:" + (date?.iso ?? "") + " " + title) }
            return keys
        }
    }
}

/// Why a feed could not be read.
package enum FeedProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The document is not well-formed XML or JSON, or not one of the three formats.
    case malformed(String)

    package var description: String {
        switch self {
        case .malformed(let reason): "malformed feed: \(reason)"
        }
    }
}
