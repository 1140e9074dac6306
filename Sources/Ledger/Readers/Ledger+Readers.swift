import GRDB
import NewsletterCore

extension Ledger {
    /// The reader the database knows under `email`, if any.
    package func registeredReader(_ email: String) throws(NewsletterError) -> RegisteredReader? {
        try read { db in try ReaderRecord.fetchOne(db, key: email.lowercased()).map(Self.reader) }
    }

    /// Every reader the database knows, in address order, with the kind of their suppression (if any).
    ///
    /// Streamed from one read: `body` must not use the ledger.
    package func registeredReaders(
        _ body: (RegisteredReader, _ suppression: String?) throws -> Void
    )
        throws(NewsletterError)
    {
        try read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT reader.*, suppression.kind AS suppressionKind FROM reader
                    LEFT JOIN suppression ON suppression.emailKey = reader.emailKey ORDER BY reader.emailKey
                    """
            )
            while let row = try rows.next() {
                try body(Self.reader(try ReaderRecord(row: row)), row["suppressionKind"])
            }
        }
    }

    /// Adds or updates a reader for an editor (`subscribers add`): active at once, recorded as added
    /// by an editor. `topics` and `editionChoice`, when given, replace what the reader had.
    package func addReader(
        email: String,
        name: String,
        topics: [String]?,
        editionChoice: EditionChoice? = nil
    ) throws(NewsletterError) {
        try write { db in
            let key = email.lowercased()
            var record =
                try ReaderRecord.fetchOne(db, key: key)
                ?? ReaderRecord(
                    emailKey: key,
                    email: email,
                    state: RegisteredReader.State.active.rawValue,
                    origin: RegisteredReader.Origin.editor.rawValue,
                    askedAt: Clock.system.timestamp()
                )
            record.email = email
            if !name.isEmpty { record.name = name }
            if let topics { record.topics = topics.isEmpty ? nil : Self.joined(topics) }
            if let editionChoice { record.scope = editionChoice.rawValue }
            if record.state != RegisteredReader.State.active.rawValue {
                record.state = RegisteredReader.State.active.rawValue
                record.origin = RegisteredReader.Origin.editor.rawValue
                record.confirmedAt = Clock.system.timestamp()
                record.nonce = nil
            }
            try record.save(db)
        }
    }

    /// Sets what `email` chose on their own page: their topics (empty for every topic) and their
    /// edition. A reader of the subscriber file gets a reader row that holds their choice.
    package func setChoices(topics: [String], editionChoice: EditionChoice, for email: String) throws(NewsletterError) {
        try write { db in
            let key = email.lowercased()
            if var record = try ReaderRecord.fetchOne(db, key: key) {
                record.topics = Self.joined(topics)
                record.scope = editionChoice.rawValue
                try record.update(db)
            } else {
                try ReaderRecord(
                    emailKey: key,
                    email: email,
                    name: "",
                    topics: Self.joined(topics),
                    state: RegisteredReader.State.active.rawValue,
                    origin: RegisteredReader.Origin.editor.rawValue,
                    askedAt: Clock.system.timestamp(),
                    confirmedAt: Clock.system.timestamp(),
                    scope: editionChoice.rawValue
                )
                .insert(db)
            }
        }
    }

    static func reader(_ row: ReaderRecord) -> RegisteredReader {
        RegisteredReader(
            email: row.email,
            name: row.name,
            topics: row.topics.map(split),
            editionChoice: row.scope.flatMap(EditionChoice.init(rawValue:)),
            state: RegisteredReader.State(rawValue: row.state) ?? .pending,
            origin: RegisteredReader.Origin(rawValue: row.origin) ?? .editor,
            askedAt: row.askedAt,
            confirmedAt: row.confirmedAt,
            consent: row.consent,
            form: row.form,
            clientAddress: row.clientAddress
        )
    }

    /// Topics as the `topics` column keeps them: `;`-separated, as in the subscriber file.
    static func joined(_ topics: [String]) -> String { topics.joined(separator: ";") }

    static func split(_ topics: String) -> [String] {
        topics.split(separator: ";").map(String.init)
    }
}

extension Ledger {
    /// Everything the database holds about `email` (the subscriber file's row is the caller's to add).
    package func readerData(_ email: String) throws(NewsletterError) -> ReaderData {
        let key = email.lowercased()
        return try read { db in
            let suppression = try SuppressionRecord.fetchOne(db, key: key)
            let deliveries = try Row.fetchAll(
                db,
                sql: """
                    SELECT mailing.kind, mailing.number, mailing.topic, delivery.state, delivery.updatedAt
                    FROM delivery JOIN mailing ON mailing.id = delivery.mailingId
                    WHERE delivery.emailKey = ? ORDER BY mailing.createdAt, mailing.id
                    """,
                arguments: [key]
            )
            .map { row -> (mailing: String, state: String, at: String?) in
                let kind: String = row[0]
                let number: Int = row[1]
                let topic: String? = row[2]
                let name = kind == "issue" ? "issue \(number)" : "alert \(number)" + (topic.map { " (\($0))" } ?? "")
                return (name, row[3], row[4])
            }
            return ReaderData(
                email: email,
                registered: try ReaderRecord.fetchOne(db, key: key).map(Self.reader),
                suppression: suppression.map { ($0.kind, $0.reason, $0.createdAt) },
                deliveries: deliveries
            )
        }
    }
}
