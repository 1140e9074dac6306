import GRDB

/// A `feedEntry` row (migration "v4-intake"): a feed entry, by id or link, already turned into an item.
struct FeedEntryRecord: Codable, PersistableRecord {
    static let databaseTableName = "feedEntry"

    /// `id:…` or `link:…` (the primary key).
    var key: String
    /// The feed it came from.
    var feedUrl: String
    /// The item it became.
    var itemId: String
    /// When (ISO 8601 UTC).
    var seenAt: String
}
