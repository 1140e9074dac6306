import GRDB
import NewsletterCore

extension Ledger {
    /// How many letters ``dueLetters(now:limit:)`` returns at most.
    package static let letterBatch = 32

    /// Up to `limit` letters due by `now`, oldest first.
    package func dueLetters(now: Int64, limit: Int = letterBatch) throws(NewsletterError) -> [Letter] {
        try read { db in
            try LetterRecord.filter(sql: "dueAt <= ?", arguments: [Clock.timestamp(secondsSince1970: now)])
                .order(sql: "dueAt, id").limit(limit).fetchAll(db)
                .compactMap { row in
                    guard let id = row.id, let kind = Letter.Kind(rawValue: row.kind) else { return nil }
                    return Letter(id: id, kind: kind, email: row.email, link: row.link, attempts: row.attempts)
                }
        }
    }

    /// Queues a letter of everything held about `email`, due now, unless that would pass a limit:
    /// one data letter per address a day, and the list's `perHour` letters of every kind in an hour,
    /// with no more than `perHour` waiting in the queue. Returns whether it was queued: the reader's
    /// page answers the same either way, so that a flood of requests mails nobody more.
    package func queueDataLetter(
        for email: String,
        link: String,
        now: Int64,
        perHour: Int
    ) throws(NewsletterError)
        -> Bool
    {
        try write { db in
            let key = email.lowercased()
            let budget = try Self.letterBudget(for: key, kind: .data, now: now, db)
            if let last = budget.lastLetterAt, last > now - 86_400 { return false }
            guard budget.inLastHour < perHour, budget.queued < perHour else { return false }
            try Self.queueLetter(.data, to: email, link: link, now: now, db)
            return true
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
                arguments: [Clock.timestamp(secondsSince1970: retryAt), id]
            )
        }
    }
}
