import Ledger
import NewsletterCore

extension Publisher {
    /// "Unsubscribes in the last 7 days: 3 (web 2, mail 0, command 1)".
    static func recentUnsubscribes(_ ledger: Ledger?) throws(NewsletterError) -> String {
        let counts = try ledger?.suppressionCounts(since: Ledger.timestamp(daysAgo: 7)) ?? [:]
        let ways: [(String, SuppressionKind)] = [("web", .web), ("mail", .mail), ("command", .command)]
        let total = ways.reduce(0) { $0 + (counts[$1.1] ?? 0) }
        let detail = ways.map { "\($0.0) \(counts[$0.1] ?? 0)" }.joined(separator: ", ")
        return "Unsubscribes in the last 7 days: \(total) (\(detail))"
    }
}
