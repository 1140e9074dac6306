import GRDB

/// A `readerToken` row (migration "v2-readers"): the token a reader's unsubscribe link carries.
struct ReaderTokenRecord: Codable, FetchableRecord, TableRecord {
    static let databaseTableName = "readerToken"

    /// The token (the primary key).
    var token: String
    /// The address in lower case.
    var emailKey: String
    /// The address as the list has it.
    var email: String
}
