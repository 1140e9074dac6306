/// The items of one topic heading, newest first.
public struct TopicSection: Sendable, Equatable {
    /// The heading.
    public var topic: String
    /// The items under it, newest first.
    public var items: [Item]

    /// A section of `items` under `topic`.
    public init(topic: String, items: [Item]) {
        self.topic = topic
        self.items = items
    }
}
