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
