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
            record.onlyChoices = false
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
    /// edition. A reader of the subscriber file (`isListed`) without a row gets one that only holds
    /// their choices; an address neither in the database nor listed gets nothing (`false`): a page
    /// link never puts anyone on the list.
    @discardableResult
    package func setChoices(
        topics: [String],
        editionChoice: EditionChoice,
        for email: String,
        isListed: Bool
    ) throws(NewsletterError) -> Bool {
        try write { db in
            guard
                var record = try ReaderRecord.fetchOne(db, key: email.lowercased()) ?? Self.choicesRow(email, isListed)
            else { return false }
            record.topics = Self.joined(topics)
            record.scope = editionChoice.rawValue
            try record.save(db)
            return true
        }
    }

    /// Starts the reader's page links afresh (`subscribers rotate`): a new generation, so that every
    /// link made until now stops opening their page. A reader of the subscriber file (`isListed`)
    /// without a row gets one that only holds this; `false` when the address is neither in the
    /// database nor listed.
    package func rotateLinks(of email: String, now: Int64, isListed: Bool) throws(NewsletterError) -> Bool {
        try write { db in
            guard
                var record = try ReaderRecord.fetchOne(db, key: email.lowercased()) ?? Self.choicesRow(email, isListed)
            else { return false }
            record.linksFrom = Self.nextGeneration(after: record.linksFrom, now: now)
            try record.save(db)
            return true
        }
    }

    /// The generation after `generation`: the time now, or one more when that is not later.
    static func nextGeneration(after generation: Int64, now: Int64) -> Int64 {
        max(now, generation + 1)
    }

    /// The generation of `email`'s page links that opens their page (``RegisteredReader/linksFrom``;
    /// 0 for an address without a row), or `nil` when none does: the address was erased
    /// (its keyed hash `erasedHash` is on the erased list) and its links were not made anew since.
    package func pageGeneration(_ email: String, erasedHash: String) throws(NewsletterError) -> Int64? {
        try read { db in
            let generation =
                try Int64.fetchOne(
                    db,
                    sql: "SELECT linksFrom FROM reader WHERE emailKey = ?",
                    arguments: [email.lowercased()]
                ) ?? 0
            let erasedAt = try Int64.fetchOne(
                db,
                sql: "SELECT CAST(strftime('%s', forgottenAt) AS INTEGER) FROM forgotten WHERE hash = ?",
                arguments: [erasedHash]
            )
            if let erasedAt, generation <= erasedAt { return nil }
            return generation
        }
    }

    /// A new row that only holds a subscriber file reader's own choices; `nil` when not `isListed`.
    private static func choicesRow(_ email: String, _ isListed: Bool) -> ReaderRecord? {
        guard isListed else { return nil }
        return ReaderRecord(
            emailKey: email.lowercased(),
            email: email,
            name: "",
            state: RegisteredReader.State.active.rawValue,
            origin: RegisteredReader.Origin.editor.rawValue,
            askedAt: Clock.system.timestamp(),
            confirmedAt: Clock.system.timestamp(),
            onlyChoices: true
        )
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
            clientAddress: row.clientAddress,
            linksFrom: row.linksFrom,
            onlyChoices: row.onlyChoices
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
