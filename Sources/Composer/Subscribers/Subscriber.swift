import MIME

/// One reader on the list.
package struct Subscriber: Sendable, Equatable {
    /// The address mail goes to, as written in the list (compare with ``key``).
    package var email: String
    /// The display name; empty when the list has none.
    package var name: String
    /// The topics this reader wants alerts for; empty means every topic.
    package var topics: [String]

    /// Creates a subscriber.
    package init(email: String, name: String = "", topics: [String] = []) {
        self.email = email
        self.name = name
        self.topics = topics
    }

    /// The address lower-cased: addresses are compared case-insensitively.
    package var key: String { email.lowercased() }

    /// Whether this reader takes alerts for `topic`.
    package func wants(topic: String) -> Bool {
        topics.isEmpty || topics.contains { $0.equalsIgnoringCase(topic) }
    }
}

extension Subscriber {
    /// A one-off recipient given on the command line (`--to`), as `Name <address>` or `address`.
    ///
    /// Fails with `.usage` naming `option` when the text is not a single valid address.
    package init(recipient text: String, option: String) throws(NewsletterError) {
        do {
            let mailbox = try Mailbox(parsing: text)
            self.init(email: mailbox.address, name: mailbox.displayName ?? "")
        } catch {
            throw NewsletterError(.usage, "\(error)", context: option)
        }
    }
}
