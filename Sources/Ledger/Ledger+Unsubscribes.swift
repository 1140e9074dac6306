import Composer
import GRDB

extension Ledger {
    /// How many addresses were suppressed since `since` (an ISO 8601 UTC timestamp), by kind.
    package func suppressionCounts(since: String) throws(NewsletterError) -> [SuppressionKind: Int] {
        try read { db in
            var counts: [SuppressionKind: Int] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT kind, COUNT(*) AS n FROM suppression WHERE createdAt >= ? GROUP BY kind
                    """,
                arguments: [since]
            )
            for row in rows {
                if let kind = SuppressionKind(rawValue: row["kind"]) { counts[kind, default: 0] += row["n"] }
            }
            return counts
        }
    }

    /// The ISO 8601 UTC timestamp `days` days before now, as the ledger stores times.
    package static func timestamp(daysAgo days: Int) -> String {
        now(offsetSeconds: -days * 86_400)
    }
}
