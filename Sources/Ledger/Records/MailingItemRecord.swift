import GRDB

/// A `mailingItem` row (migration "v1"): one item a mailing carried, at its position.
struct MailingItemRecord: Codable, PersistableRecord {
    static let databaseTableName = "mailingItem"

    /// The mailing's row id.
    var mailingId: Int64
    /// The item's id (its file name without `.md`).
    var itemId: String
    /// Its place in the mailing, from 0.
    var position: Int
}
