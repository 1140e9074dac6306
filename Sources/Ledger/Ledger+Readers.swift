import GRDB
import NewsletterCore

extension Ledger {
    /// Suppression kinds a reader's own new sign-up may undo: the reader (or an editor for them) chose to leave.
    static let undoableSuppressions = [SuppressionKind.command, .web, .mail].map(\.rawValue)

    // MARK: - Sign-up

    /// Decides and records a sign-up in one transaction: queues one confirmation for a new,
    /// pending or unsubscribed address, one "already subscribed" letter for an active one, nothing
    /// for a bounced or complaining address, and nothing past the per-address and per-list limits.
    ///
    /// An active reader's state never changes here; a pending one gets the new request's name,
    /// topics and link (the older link stops working). Pending sign-ups older than the link's
    /// lifetime are purged first.
    package func signUp(
        _ request: SignUpRequest,
        linkLifetime: Int64,
        perAddress: Int64
    ) throws(NewsletterError)
        -> SignUpOutcome
    {
        try write { db in
            try Self.purgeExpired(db, now: request.now, lifetime: linkLifetime)
            let key = request.email.lowercased()
            let now = Self.timestamp(secondsSince1970: request.now)
            let outcome = try Self.decide(request, key: key, db: db, perAddress: perAddress)
            try Self.count(outcome, db: db, now: request.now)
            let letter: (Letter.Kind, String)
            switch outcome {
            case .requested: letter = (.confirmation, request.confirmationLink)
            case .alreadyActive: letter = (.alreadyActive, request.manageLink)
            default: return outcome
            }
            if outcome == .requested {
                var record =
                    try ReaderRecord.fetchOne(db, key: key)
                    ?? ReaderRecord(
                        emailKey: key,
                        email: request.email,
                        state: RegisteredReader.State.pending.rawValue,
                        origin: RegisteredReader.Origin.form.rawValue,
                        askedAt: now
                    )
                if record.state == RegisteredReader.State.pending.rawValue {
                    record.email = request.email
                    record.name = request.name
                    record.topics = request.topics.isEmpty ? nil : Self.joined(request.topics)
                    record.askedAt = now
                    record.consent = request.consent
                    record.form = request.form
                    record.clientAddress = request.clientAddress
                }
                record.nonce = request.nonce
                try record.save(db)
            }
            try LetterRecord(
                id: nil,
                kind: letter.0.rawValue,
                emailKey: key,
                email: request.email,
                link: letter.1,
                attempts: 0,
                dueAt: now
            )
            .insert(db)
            try db.execute(
                sql: "INSERT OR REPLACE INTO recentLetter (emailKey, sentAt) VALUES (?, ?)",
                arguments: [key, now]
            )
            return outcome
        }
    }

    private static func decide(
        _ request: SignUpRequest,
        key: String,
        db: Database,
        perAddress: Int64
    ) throws -> SignUpOutcome {
        let suppression = try SuppressionRecord.fetchOne(db, key: key)
        if let suppression, !undoableSuppressions.contains(suppression.kind) { return .bounced }
        let since = timestamp(secondsSince1970: request.now - perAddress)
        if let last = try String.fetchOne(
            db,
            sql: "SELECT sentAt FROM recentLetter WHERE emailKey = ?",
            arguments: [key]
        ),
            last > since
        {
            return .addressLimit
        }
        let hourAgo = timestamp(secondsSince1970: request.now - 3600)
        let lastHour =
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM recentLetter WHERE sentAt > ?", arguments: [hourAgo]) ?? 0
        if lastHour >= request.perHour { return .listLimit }
        let reader = try ReaderRecord.fetchOne(db, key: key)
        let isActive = (reader?.state == RegisteredReader.State.active.rawValue || (reader == nil && request.isListed))
        return isActive && suppression == nil ? .alreadyActive : .requested
    }

    /// Counts a refusal the endpoint decided itself (a bot, a client over its limit) for `status`.
    package func count(_ outcome: SignUpOutcome, now: Int64) throws(NewsletterError) {
        try write { db in try Self.count(outcome, db: db, now: now) }
    }

    static func count(_ outcome: SignUpOutcome, db: Database, now: Int64, by amount: Int = 1) throws {
        guard amount > 0 else { return }
        let hour = String(timestamp(secondsSince1970: now).prefix(13))
        try db.execute(
            sql: """
                INSERT INTO signupCount (hour, outcome, count) VALUES (?, ?, ?)
                ON CONFLICT (hour, outcome) DO UPDATE SET count = count + excluded.count
                """,
            arguments: [hour, outcome.rawValue, amount]
        )
    }

    /// Deletes pending sign-ups whose link has expired, and the letter limits older than a day.
    static func purgeExpired(_ db: Database, now: Int64, lifetime: Int64) throws {
        let before = timestamp(secondsSince1970: now - lifetime)
        try db.execute(
            sql: "DELETE FROM reader WHERE state = 'pending' AND askedAt < ?",
            arguments: [before]
        )
        try count(.expired, db: db, now: now, by: db.changesCount)
        try db.execute(
            sql: "UPDATE reader SET nonce = NULL WHERE nonce IS NOT NULL AND askedAt < ?",
            arguments: [before]
        )
        try db.execute(
            sql: "DELETE FROM recentLetter WHERE sentAt < ?",
            arguments: [timestamp(secondsSince1970: now - 86_400)]
        )
    }

    /// Purges expired sign-ups now (`serve` does it when it starts).
    package func purgeExpiredSignUps(now: Int64, lifetime: Int64) throws(NewsletterError) {
        try write { db in try Self.purgeExpired(db, now: now, lifetime: lifetime) }
    }

    /// Sign-up outcomes counted since `since` (ISO 8601 UTC), for `status`.
    package func signUpCounts(since: String) throws(NewsletterError) -> [SignUpOutcome: Int] {
        try read { db in
            try GroupCount.fetchAll(
                db,
                sql: "SELECT outcome AS key, SUM(count) AS count FROM signupCount WHERE hour >= ? GROUP BY outcome",
                arguments: [String(since.prefix(13))]
            )
            .keyed(by: SignUpOutcome.self)
        }
    }

    /// How many sign-ups wait for their confirmation.
    package func pendingSignUpCount() throws(NewsletterError) -> Int {
        try read { db in try ReaderRecord.filter(sql: "state = 'pending'").fetchCount(db) }
    }

    // MARK: - Confirmation

    /// The address whose pending request has `nonce`, to check the link's signature against.
    package func signUpAddress(nonce: String) throws(NewsletterError) -> (emailKey: String, email: String)? {
        try read { db in
            try ReaderRecord.filter(sql: "nonce = ?", arguments: [nonce]).fetchOne(db).map { ($0.emailKey, $0.email) }
        }
    }

    /// The confirmation button: makes the reader of `nonce` active, if the link issued at
    /// `issuedAt` is the newest, not expired, and no unsubscribe, bounce or complaint came after it.
    ///
    /// A reader's own unsubscribe from before the link is undone (they asked anew); `forgottenHash`,
    /// the keyed hash of the address, is taken off the erased list.
    package func confirm(
        nonce: String,
        issuedAt: Int64,
        now: Int64,
        lifetime: Int64,
        forgottenHash: String
    ) throws(NewsletterError) -> ConfirmationOutcome {
        try write { db in
            guard var reader = try ReaderRecord.filter(sql: "nonce = ?", arguments: [nonce]).fetchOne(db) else {
                return .unknown
            }
            guard issuedAt <= now, now - issuedAt <= lifetime else { return .expired }
            if let suppression = try SuppressionRecord.fetchOne(db, key: reader.emailKey) {
                guard Self.undoableSuppressions.contains(suppression.kind),
                    suppression.createdAt < Self.timestamp(secondsSince1970: issuedAt)
                else {
                    reader.nonce = nil
                    try reader.update(db)
                    return .unsubscribedSince
                }
                try suppression.delete(db)
            }
            let stamp = Self.timestamp(secondsSince1970: now)
            reader.state = RegisteredReader.State.active.rawValue
            reader.origin = RegisteredReader.Origin.form.rawValue
            reader.confirmedAt = stamp
            reader.nonce = nil
            try reader.update(db)
            try db.execute(sql: "DELETE FROM forgotten WHERE hash = ?", arguments: [forgottenHash])
            try Self.count(.confirmed, db: db, now: now)
            return .confirmed(email: reader.email)
        }
    }

    /// Remembers `token` as the unsubscribe token of `email`, so that a link made before any
    /// mailing (a confirmation page's link to the reader's own page) finds its reader.
    package func remember(token: String, for email: String) throws(NewsletterError) {
        try write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO readerToken (token, emailKey, email) VALUES (?, ?, ?)",
                arguments: [token, email.lowercased(), email]
            )
        }
    }

    // MARK: - Readers

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
    /// by an editor. `topics` and `scope`, when given, replace what the reader had.
    package func addReader(
        email: String,
        name: String,
        topics: [String]?,
        scope: IssueScope? = nil
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
                    askedAt: Self.now()
                )
            record.email = email
            if !name.isEmpty { record.name = name }
            if let topics { record.topics = topics.isEmpty ? nil : Self.joined(topics) }
            if let scope { record.scope = scope.rawValue }
            if record.state != RegisteredReader.State.active.rawValue {
                record.state = RegisteredReader.State.active.rawValue
                record.origin = RegisteredReader.Origin.editor.rawValue
                record.confirmedAt = Self.now()
                record.nonce = nil
            }
            try record.save(db)
        }
    }

    /// Sets the topics `email` chose on their own page (empty for every topic) and whether their
    /// issue has only those. A reader of the subscriber file gets a reader row that holds their choice.
    package func setTopics(_ topics: [String], scope: IssueScope, for email: String) throws(NewsletterError) {
        try write { db in
            let key = email.lowercased()
            if var record = try ReaderRecord.fetchOne(db, key: key) {
                record.topics = Self.joined(topics)
                record.scope = scope.rawValue
                try record.update(db)
            } else {
                try ReaderRecord(
                    emailKey: key,
                    email: email,
                    name: "",
                    topics: Self.joined(topics),
                    state: RegisteredReader.State.active.rawValue,
                    origin: RegisteredReader.Origin.editor.rawValue,
                    askedAt: Self.now(),
                    confirmedAt: Self.now(),
                    scope: scope.rawValue
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
            scope: row.scope.flatMap(IssueScope.init(rawValue:)),
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

    // MARK: - Letters

    /// How many letters ``dueLetters(now:limit:)`` returns at most.
    package static let letterBatch = 32

    /// Up to `limit` letters due by `now`, oldest first.
    package func dueLetters(now: Int64, limit: Int = letterBatch) throws(NewsletterError) -> [Letter] {
        try read { db in
            try LetterRecord.filter(sql: "dueAt <= ?", arguments: [Self.timestamp(secondsSince1970: now)])
                .order(sql: "dueAt, id").limit(limit).fetchAll(db)
                .compactMap { row in
                    guard let id = row.id, let kind = Letter.Kind(rawValue: row.kind) else { return nil }
                    return Letter(id: id, kind: kind, email: row.email, link: row.link, attempts: row.attempts)
                }
        }
    }

    /// Queues a letter of everything held about `email`, due now.
    package func queueDataLetter(for email: String, link: String) throws(NewsletterError) {
        try write { db in
            try LetterRecord(
                id: nil,
                kind: Letter.Kind.data.rawValue,
                emailKey: email.lowercased(),
                email: email,
                link: link,
                attempts: 0,
                dueAt: Self.now()
            )
            .insert(db)
        }
    }

    /// The letter went out (or can never go out): forgets it.
    package func finishLetter(_ id: Int64) throws(NewsletterError) {
        try write { db in _ = try LetterRecord.deleteOne(db, key: id) }
    }

    /// The relay could not take the letter now: tries again at `retryAt` (seconds since 1970).
    package func postponeLetter(_ id: Int64, retryAt: Int64) throws(NewsletterError) {
        try write { db in
            try db.execute(
                sql: "UPDATE letter SET attempts = attempts + 1, dueAt = ? WHERE id = ?",
                arguments: [Self.timestamp(secondsSince1970: retryAt), id]
            )
        }
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
