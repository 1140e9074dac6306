import GRDB
import NewsletterCore

/// The statements one chunk of a mailing's recording runs for each reader, prepared once per
/// transaction (SQLite keeps them cached on the connection): what the database knows of an address
/// for the mailing's ``Audience``, and the delivery's insert.
struct DeliveryInserter {
    private let mailingID: Int64
    private let token: ((Reader) -> String)?
    private let erasedHash: ((String) -> String)?
    private let insert: Statement
    private let remember: Statement
    private let erased: Statement
    private let suppressed: Statement
    private let choice: Statement
    /// Whether those tables have rows at all: most lists have no erased address and no registered
    /// reader, and then a reader costs no lookup there (the suppression list is always asked).
    private let hasReaders: Bool
    private let hasErased: Bool

    init(_ db: Database, mailingID: Int64, recording: Recording) throws {
        self.mailingID = mailingID
        token = recording.token
        erasedHash = recording.erasedHash
        // INSERT OR IGNORE: a duplicate address, or a reader a recording cut short by a crash
        // already took, is passed over.
        insert = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO delivery (mailingId, emailKey, email, name, state, edition, reply)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        )
        remember = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO readerToken (token, emailKey, email) VALUES (?, ?, ?)"
        )
        erased = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM forgotten WHERE hash = ?)")
        suppressed = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM suppression WHERE emailKey = ?)")
        choice = try db.cachedStatement(sql: "SELECT * FROM reader WHERE emailKey = ? AND state = 'active'")
        hasReaders = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM reader)") ?? false
        hasErased = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM forgotten)") ?? false
    }

    /// The database's active reader of `key` (a lower-cased address), whose own choices win over the file's row.
    func activeReader(_ key: String) throws -> RegisteredReader? {
        guard hasReaders else { return nil }
        return try ReaderRecord.fetchOne(choice, arguments: [key]).map(Ledger.reader)
    }

    /// Whether `key` is on the suppression list.
    func isSuppressed(_ key: String) throws -> Bool {
        try Bool.fetchOne(suppressed, arguments: [key]) == true
    }

    /// Whether `key` is on the erased list (by its keyed hash; never without a secret).
    func isErased(_ key: String) throws -> Bool {
        guard hasErased, let erasedHash else { return false }
        return try Bool.fetchOne(erased, arguments: [erasedHash(key)]) == true
    }

    /// A delivery's address as the list has it, as SQL over the `delivery` table.
    ///
    /// `email` holds the address only when it differs from the lower-cased `emailKey` (most
    /// addresses are written in lower case): empty, it saves a copy of the address in every row of
    /// every mailing. An erased row (`emailKey` the `#`-prefixed hash) keeps its empty `email`.
    static let address =
        "(CASE WHEN delivery.email <> '' OR delivery.emailKey LIKE '#%' THEN delivery.email ELSE delivery.emailKey END)"

    /// The reply a skipped delivery records.
    static let skippedReply = "none of the reader's topics has an item in this issue"

    /// Inserts `reader`'s pending delivery of edition number `edition` (`nil`: the whole issue),
    /// and remembers their token.
    mutating func add(_ reader: Reader, editionNumber: Int?) throws {
        try insert(reader, state: .pending, edition: editionNumber, reply: nil)
    }

    /// Inserts `reader`'s delivery as skipped: none of their topics has a section this time.
    mutating func addSkipped(_ reader: Reader) throws {
        try insert(reader, state: .skipped, edition: nil, reply: Self.skippedReply)
    }

    private mutating func insert(_ reader: Reader, state: DeliveryState, edition: Int?, reply: String?) throws {
        let key = reader.key
        try insert.execute(
            arguments: [
                mailingID, key, reader.email == key ? "" : reader.email, reader.name, state.rawValue, edition, reply,
            ]
        )
        if let token { try remember.execute(arguments: [token(reader), key, reader.email]) }
    }
}
