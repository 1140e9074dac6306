import GRDB
import NewsletterCore

extension Ledger {
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

    /// The ISO 8601 UTC timestamp `days` days before now, as the ledger stores times.
    package static func timestamp(daysAgo days: Int) -> String {
        now(offsetSeconds: -days * 86_400)
    }
}
