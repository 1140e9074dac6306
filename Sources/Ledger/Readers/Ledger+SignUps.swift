import GRDB
import NewsletterCore

/// What the database knows of an address when a sign-up for it arrives, read in the sign-up's own
/// transaction: what the readers' desk (Publishing's `ReaderDesk`) decides from.
package struct SignUpFacts: Sendable, Equatable {
    /// Whether the address is on the suppression list.
    package var isSuppressed: Bool
    /// Whether that suppression was the reader's own choice (``SuppressionKind/isReadersOwn``),
    /// which a new sign-up may undo; `false` for a bounce, a complaint or a kind this version
    /// does not know.
    package var suppressionIsReadersOwn: Bool
    /// When the address was last sent a letter (seconds since 1970), if within the last day.
    package var lastLetterAt: Int64?
    /// How many letters the list sent in the hour before the request (every kind).
    package var lettersInLastHour: Int
    /// How many letters wait in the queue (the relay may be down).
    package var queuedLetters: Int
    /// The state of the database's reader of the address, if it has one.
    package var readerState: RegisteredReader.State?

    package init(
        isSuppressed: Bool = false,
        suppressionIsReadersOwn: Bool = false,
        lastLetterAt: Int64? = nil,
        lettersInLastHour: Int = 0,
        queuedLetters: Int = 0,
        readerState: RegisteredReader.State? = nil
    ) {
        self.isSuppressed = isSuppressed
        self.suppressionIsReadersOwn = suppressionIsReadersOwn
        self.lastLetterAt = lastLetterAt
        self.lettersInLastHour = lettersInLastHour
        self.queuedLetters = queuedLetters
        self.readerState = readerState
    }
}

extension Ledger {
    /// Records a sign-up in one transaction, as `decide` decides it from what the database knows
    /// of the address: a confirmation letter for `.requested`, an "already subscribed" letter for
    /// `.alreadyActive`, nothing else for the rest; every outcome is counted for `status`.
    ///
    /// An active reader's state never changes here; a pending one gets the new request's name,
    /// topics and link (the older link stops working). Pending sign-ups older than `linkLifetime`
    /// seconds are purged first.
    package func signUp(
        _ request: SignUpRequest,
        linkLifetime: Int64,
        decide: (SignUpFacts) -> SignUpOutcome
    ) throws(NewsletterError) -> SignUpOutcome {
        try write { db in
            try Self.purgeExpired(db, now: request.now, lifetime: linkLifetime)
            let outcome = decide(try Self.signUpFacts(for: request.email.lowercased(), now: request.now, db))
            try Self.count(outcome, db: db, now: request.now)
            switch outcome {
            case .requested:
                try Self.savePending(request, db)
                try Self.queueLetter(
                    .confirmation,
                    to: request.email,
                    link: request.confirmationLink,
                    now: request.now,
                    db
                )
            case .alreadyActive:
                try Self.queueLetter(.alreadyActive, to: request.email, link: request.manageLink, now: request.now, db)
            default:
                break
            }
            return outcome
        }
    }

    private static func signUpFacts(for key: String, now: Int64, _ db: Database) throws -> SignUpFacts {
        let suppression = try SuppressionRecord.fetchOne(db, key: key)
        let letters = try letterBudget(for: key, kind: .signUp, now: now, db)
        return SignUpFacts(
            isSuppressed: suppression != nil,
            suppressionIsReadersOwn: suppression.flatMap { SuppressionKind(rawValue: $0.kind) }?.isReadersOwn == true,
            lastLetterAt: letters.lastLetterAt,
            lettersInLastHour: letters.inLastHour,
            queuedLetters: letters.queued,
            // A row that only holds a file reader's choices says nothing of whether they are on the
            // list: the subscriber file does.
            readerState: try ReaderRecord.fetchOne(db, key: key).flatMap {
                $0.onlyChoices ? nil : Self.reader($0).state
            }
        )
    }

    /// The kinds of letter the per-address limit tells apart (`recentLetter.kind`).
    enum LetterLimit: String {
        /// A confirmation or "you are already subscribed": one a day per address.
        case signUp = "signup"
        /// "Send me my data": one a day per address.
        case data
    }

    /// The most letters the queue count reads: the largest `perHour` a config may set.
    static let queueCountCap = 1_000_000

    /// When `key` (its mailbox: `+tags` fold, ``AddressKey/limitKey(of:)``) last got a letter of `kind`
    /// (within the day `recentLetter` keeps), how many letters
    /// of every kind the list sent in the hour before `now`, and how many wait in the queue.
    static func letterBudget(
        for key: String,
        kind: LetterLimit,
        now: Int64,
        _ db: Database
    ) throws -> (lastLetterAt: Int64?, inLastHour: Int, queued: Int) {
        let lastLetterAt = try Int64.fetchOne(
            db,
            sql: "SELECT CAST(strftime('%s', sentAt) AS INTEGER) FROM recentLetter WHERE emailKey = ? AND kind = ?",
            arguments: [AddressKey.limitKey(of: key), kind.rawValue]
        )
        let inLastHour =
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM recentLetter WHERE sentAt > ?",
                arguments: [Clock.timestamp(secondsSince1970: now - 3600)]
            ) ?? 0
        // Counted up to the cap that matters (``SignUpFacts/queuedLetters`` is compared with `perHour`,
        // at most 1,000,000): the statement reads no more rows than that, whatever the queue holds.
        let queued =
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM letter LIMIT ?)", arguments: [queueCountCap])
            ?? 0
        return (lastLetterAt, inLastHour, queued)
    }

    /// Saves the pending reader of `request`, with its nonce; an active reader keeps everything but the nonce.
    private static func savePending(_ request: SignUpRequest, _ db: Database) throws {
        let key = request.email.lowercased()
        let now = Clock.timestamp(secondsSince1970: request.now)
        var record =
            try ReaderRecord.fetchOne(db, key: key)
            ?? ReaderRecord(
                emailKey: key,
                email: request.email,
                state: RegisteredReader.State.pending.rawValue,
                origin: RegisteredReader.Origin.form.rawValue,
                askedAt: now
            )
        // A row that only held a file reader's choices (they are off the file now) starts afresh.
        if record.onlyChoices {
            record.state = RegisteredReader.State.pending.rawValue
            record.origin = RegisteredReader.Origin.form.rawValue
            record.onlyChoices = false
        }
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

    /// Queues a letter due now and notes it against the address's and the list's limits.
    static func queueLetter(
        _ kind: Letter.Kind,
        to email: String,
        link: String,
        now: Int64,
        _ db: Database
    )
        throws
    {
        let key = email.lowercased()
        let stamp = Clock.timestamp(secondsSince1970: now)
        try LetterRecord(
            id: nil,
            kind: kind.rawValue,
            emailKey: key,
            email: email,
            link: link,
            attempts: 0,
            dueAt: stamp
        )
        .insert(db)
        try db.execute(
            sql: "INSERT OR REPLACE INTO recentLetter (emailKey, kind, sentAt) VALUES (?, ?, ?)",
            arguments: [AddressKey.limitKey(of: key), (kind == .data ? LetterLimit.data : .signUp).rawValue, stamp]
        )
    }

    /// Adds refusals decided before the database was asked (a bot, a client over its limit) to the
    /// counts of the hour of `now`, for `status`.
    package func count(_ outcomes: [SignUpOutcome: Int], now: Int64) throws(NewsletterError) {
        try write { db in
            for (outcome, amount) in outcomes { try Self.count(outcome, db: db, now: now, by: amount) }
        }
    }

    static func count(_ outcome: SignUpOutcome, db: Database, now: Int64, by amount: Int = 1) throws {
        guard amount > 0 else { return }
        let hour = String(Clock.timestamp(secondsSince1970: now).prefix(13))
        try db.execute(
            sql: """
                INSERT INTO signupCount (hour, outcome, count) VALUES (?, ?, ?)
                ON CONFLICT (hour, outcome) DO UPDATE SET count = count + excluded.count
                """,
            arguments: [hour, outcome.rawValue, amount]
        )
    }

    /// Deletes pending sign-ups whose link has expired, and the letter limits older than a day. (An
    /// active reader's newest nonce stays: its link carries its own time and expires by itself, and
    /// the reader's `askedAt` is their first request, not the newest.)
    static func purgeExpired(_ db: Database, now: Int64, lifetime: Int64) throws {
        let before = Clock.timestamp(secondsSince1970: now - lifetime)
        try db.execute(
            sql: "DELETE FROM reader WHERE state = 'pending' AND askedAt < ?",
            arguments: [before]
        )
        try count(.expired, db: db, now: now, by: db.changesCount)
        try db.execute(
            sql: "DELETE FROM recentLetter WHERE sentAt < ?",
            arguments: [Clock.timestamp(secondsSince1970: now - 86_400)]
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

    /// The address whose pending request has `nonce`, to check the link's signature against.
    package func signUpAddress(nonce: String) throws(NewsletterError) -> (emailKey: String, email: String)? {
        try read { db in
            try ReaderRecord.filter(sql: "nonce = ?", arguments: [nonce]).fetchOne(db).map { ($0.emailKey, $0.email) }
        }
    }

    /// The confirmation button: makes the reader of `nonce` active, if the link issued at
    /// `issuedAt` is the newest and no unsubscribe, bounce or complaint came after it (the caller
    /// has checked that the link is genuine and not expired).
    ///
    /// A reader's own unsubscribe from before the link is undone (they asked anew); `erasedHash`,
    /// the keyed hash of the address, is taken off the erased list.
    package func confirm(
        nonce: String,
        issuedAt: Int64,
        now: Int64,
        erasedHash: String
    ) throws(NewsletterError) -> ConfirmationOutcome {
        try write { db in
            guard var reader = try ReaderRecord.filter(sql: "nonce = ?", arguments: [nonce]).fetchOne(db) else {
                return .unknown
            }
            if let suppression = try SuppressionRecord.fetchOne(db, key: reader.emailKey) {
                guard SuppressionKind(rawValue: suppression.kind)?.isReadersOwn == true,
                    suppression.createdAt < Clock.timestamp(secondsSince1970: issuedAt)
                else {
                    reader.nonce = nil
                    try reader.update(db)
                    return .unsubscribedSince
                }
                try suppression.delete(db)
            }
            let stamp = Clock.timestamp(secondsSince1970: now)
            reader.state = RegisteredReader.State.active.rawValue
            reader.origin = RegisteredReader.Origin.form.rawValue
            reader.confirmedAt = stamp
            reader.nonce = nil
            reader.onlyChoices = false
            // A new sign-up: the page links made before it (for an earlier reader of the address) are void.
            reader.linksFrom = Self.nextGeneration(after: reader.linksFrom, now: now)
            try reader.update(db)
            try db.execute(sql: "DELETE FROM forgotten WHERE hash = ?", arguments: [erasedHash])
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

}
