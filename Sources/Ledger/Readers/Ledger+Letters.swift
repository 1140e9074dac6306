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
                dueAt: Clock.system.timestamp()
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
                arguments: [Clock.timestamp(secondsSince1970: retryAt), id]
            )
        }
    }
}
