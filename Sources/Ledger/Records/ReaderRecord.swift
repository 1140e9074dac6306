import GRDB

/// A `reader` row (migration "v8-readers"): a reader who signed up or whom an editor added.
struct ReaderRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "reader"

    /// The address in lower case (the primary key).
    var emailKey: String
    /// The address as given.
    var email: String
    /// The name given; may be empty.
    var name: String = ""
    /// The topics chosen, `;`-separated; `nil` when the reader has not chosen (every topic, or the file's).
    var topics: String?
    /// `pending` until the confirmation's button, then `active`.
    var state: String
    /// `form` or `editor`.
    var origin: String
    /// The nonce of the newest confirmation link not yet used.
    var nonce: String?
    /// When the reader asked (ISO 8601 UTC).
    var askedAt: String
    /// When they confirmed.
    var confirmedAt: String?
    /// The consent text the form showed.
    var consent: String?
    /// The form's address.
    var form: String?
    /// The client's address, only with `subscribe.recordIP`.
    var clientAddress: String?
    /// `whole` or `topics`, as the reader chose (migration "v12-personal-issues"); `nil` when they have not.
    var scope: String? = nil
    /// The generation of the reader's page links (migration "v13-reader-links").
    var linksFrom: Int64 = 0
    /// Whether the row only holds a subscriber file reader's own choices (migration "v13-reader-links").
    var onlyChoices: Bool = false
}

/// A `letter` row (migration "v8-readers"): a message `serve` owes a reader.
struct LetterRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "letter"

    var id: Int64?
    var kind: String
    var emailKey: String
    var email: String
    var link: String
    var attempts: Int
    var dueAt: String
}
