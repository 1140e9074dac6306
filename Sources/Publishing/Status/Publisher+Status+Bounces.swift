import Ledger
import NewsletterCore

extension Publisher {
    /// `  bounces: 1 hard, 2 soft, 0 complaints` for `mailing`, when any report came back for it.
    static func bounceLines(_ ledger: Ledger, _ mailing: Mailing) throws(NewsletterError) -> [String] {
        let counts = try ledger.bounceCounts(of: mailing)
        guard counts != BounceCounts() else { return [] }
        return ["  bounces: \(describe(counts))"]
    }

    /// The suppressions by reason, and the bounces of the latest issues and alerts that had any.
    static func suppressionLines(_ ledger: Ledger?) throws(NewsletterError) -> [String] {
        guard let ledger else { return [] }
        var lines: [String] = []
        let counts = try ledger.suppressionCounts()
        if !counts.isEmpty {
            let parts = SuppressionKind.allCases.compactMap { kind in counts[kind].map { "\($0) \(kind.rawValue)" } }
            lines.append("  by reason: \(parts.joined(separator: ", "))")
        }
        let recent = try ledger.bounceCountsByMailing()
        if !recent.isEmpty {
            lines.append("Bounces by mailing:")
            for entry in recent { lines.append("  \(entry.kind) \(entry.number): \(describe(entry.counts))") }
        }
        return lines
    }

    private static func describe(_ counts: BounceCounts) -> String {
        "\(counts.hard) hard, \(counts.soft) soft, \(counts.complaints) complaint\(counts.complaints == 1 ? "" : "s")"
    }
}
