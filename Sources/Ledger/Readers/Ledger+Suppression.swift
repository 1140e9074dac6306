import GRDB
import NewsletterCore

extension Ledger {
    /// Adds addresses to the suppression list: later issues and alerts skip them.
    ///
    /// Returns how many were newly suppressed (an address already on the list counts once).
    @discardableResult
    package func suppress(
        _ emails: [String],
        reason: String,
        kind: SuppressionKind = .command
    ) throws(NewsletterError) -> Int {
        try write { db in
            let now = Clock.system.timestamp()
            var added = 0
            for email in emails {
                try SuppressionRecord(
                    emailKey: email.lowercased(),
                    email: email,
                    reason: reason,
                    kind: kind.rawValue,
                    createdAt: now
                )
                .insert(db, onConflict: .ignore)
                added += db.changesCount
            }
            return added
        }
    }

    /// Whether `email` is on the suppression list.
    package func isSuppressed(_ email: String) throws(NewsletterError) -> Bool {
        try read { db in try SuppressionRecord.exists(db, key: email.lowercased()) }
    }

    /// How many addresses are suppressed, whatever the kind.
    package func suppressionCount() throws(NewsletterError) -> Int {
        try read { db in try SuppressionRecord.fetchCount(db) }
    }

    /// How many addresses were suppressed since `since` (an ISO 8601 UTC timestamp), by kind.
    package func suppressionCounts(since: String) throws(NewsletterError) -> [SuppressionKind: Int] {
        try read { db in
            try GroupCount.fetchAll(
                db,
                sql: "SELECT kind AS key, COUNT(*) AS count FROM suppression WHERE createdAt >= ? GROUP BY kind",
                arguments: [since]
            )
            .keyed(by: SuppressionKind.self)
        }
    }
}
