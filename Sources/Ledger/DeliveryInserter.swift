import GRDB
import NewsletterCore

/// The statements one chunk of a mailing's recording runs for each recipient, prepared once per
/// transaction (SQLite keeps them cached on the connection): a delivery's insert would otherwise
/// build its SQL again for every recipient.
struct DeliveryInserter {
    private let mailingID: Int64
    private let token: ((Subscriber) -> String)?
    private let forgottenHash: ((String) -> String)?
    private let insert: Statement
    private let remember: Statement
    private let isForgotten: Statement
    private let choice: Statement
    private let hasReaders: Bool
    private let hasForgotten: Bool

    init(
        _ db: Database,
        mailingID: Int64,
        token: ((Subscriber) -> String)?,
        forgottenHash: ((String) -> String)?
    ) throws {
        self.mailingID = mailingID
        self.token = token
        self.forgottenHash = forgottenHash
        // A delivery only for an address not suppressed; INSERT OR IGNORE: a duplicate address, or a
        // recipient a recording cut short by a crash already took, is passed over.
        insert = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO delivery (mailingId, emailKey, email, name, state, edition, reply)
                SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE NOT EXISTS (SELECT 1 FROM suppression WHERE emailKey = ?2)
                """
        )
        remember = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO readerToken (token, emailKey, email) VALUES (?, ?, ?)"
        )
        isForgotten = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM forgotten WHERE hash = ?)")
        choice = try db.cachedStatement(sql: "SELECT * FROM reader WHERE emailKey = ? AND state = 'active'")
        hasReaders = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM reader)") ?? false
        hasForgotten = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM forgotten)") ?? false
    }

    /// `listed` with the reader's own choices, when the database knows an active reader of that
    /// address: their topics win over the file's row, and their name fills an empty one.
    func withReadersChoice(_ listed: Subscriber) throws -> Subscriber {
        guard hasReaders, let reader = try ReaderRecord.fetchOne(choice, arguments: [listed.key]) else {
            return listed
        }
        var subscriber = listed
        if let topics = reader.topics { subscriber.topics = Ledger.split(topics) }
        if let scope = reader.scope.flatMap(IssueScope.init(rawValue:)) { subscriber.scope = scope }
        if subscriber.name.isEmpty { subscriber.name = reader.name }
        return subscriber
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

    /// Inserts `subscriber`'s delivery of `copy` (and remembers their token), unless the address
    /// was erased: pending, or skipped when their topics carry nothing this time.
    mutating func add(_ subscriber: Subscriber, copy: EditionBook.Copy = .whole) throws {
        if let forgottenHash, hasForgotten,
            try Bool.fetchOne(isForgotten, arguments: [forgottenHash(subscriber.key)]) == true
        {
            return
        }
        let state: DeliveryState = copy == .skipped ? .skipped : .pending
        var edition: Int?
        if case .edition(let number) = copy { edition = number }
        try insert.execute(
            arguments: [
                mailingID, subscriber.key, subscriber.email == subscriber.key ? "" : subscriber.email,
                subscriber.name, state.rawValue, edition,
                copy == .skipped ? Self.skippedReply : nil,
            ]
        )
        if let token { try remember.execute(arguments: [token(subscriber), subscriber.key, subscriber.email]) }
    }
}
