import GRDB

/// A `suppression` row (migration "v1", `kind` since "v2-readers"): an address that gets nothing more.
struct SuppressionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "suppression"

    /// The address in lower case (the primary key).
    var emailKey: String
    /// The address as given.
    var email: String
    /// Why, one line.
    var reason: String
    /// How it came to be suppressed: a ``SuppressionKind`` raw value.
    var kind: String
    /// When (ISO 8601 UTC).
    var createdAt: String
}
