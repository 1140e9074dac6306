import Composer
import GRDB

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
            let now = Self.now()
            var added = 0
            for email in emails {
                try db.execute(
                    sql:
                        "INSERT OR IGNORE INTO suppression (emailKey, email, reason, kind, createdAt) VALUES (?, ?, ?, ?, ?)",
                    arguments: [email.lowercased(), email, reason, kind.rawValue, now]
                )
                added += db.changesCount
            }
            return added
        }
    }

    /// Whether `email` is on the suppression list.
    package func isSuppressed(_ email: String) throws(NewsletterError) -> Bool {
        try read { db in
            try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM suppression WHERE emailKey = ?)",
                arguments: [email.lowercased()]
            ) ?? false
        }
    }

    /// How many addresses are suppressed, by reason kind (`unsubscribed`, `refused`…).
    package func suppressionCount() throws(NewsletterError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM suppression") ?? 0 }
    }
}
