/// The items of one topic heading, newest first.
package struct TopicSection: Sendable, Equatable {
    /// The heading.
    package var topic: String
    /// The items under it, newest first.
    package var items: [Item]

    /// A section of `items` under `topic`.
    package init(topic: String, items: [Item]) {
        self.topic = topic
        self.items = items
    }
}
