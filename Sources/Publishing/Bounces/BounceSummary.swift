import BounceReports
import NewsletterCore

/// What one `newsletter bounces` run read and did.
package struct BounceSummary: Sendable {
    /// Reports read.
    package var reports = 0
    /// Findings, by kind (after judging: forged ones count as ignored).
    package var findings: [BounceKind: Int] = [:]
    /// Addresses newly suppressed.
    package var suppressed = 0
    /// Findings already recorded by an earlier run.
    package var alreadyRecorded = 0
    /// Messages or files that could not be read (each reported on its own line).
    package var unreadable = 0
    /// Files that do not exist.
    package var missingFiles = 0

    /// `12 reports: 3 hard, 1 soft, 1 complaint, 0 unsubscribe, 7 ignored; 4 addresses suppressed`.
    package var line: String {
        let kinds = BounceKind.allCases.map { "\(findings[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        var line =
            "\(reports) report\(reports == 1 ? "" : "s"): \(kinds); \(suppressed) "
            + "address\(suppressed == 1 ? "" : "es") suppressed"
        if alreadyRecorded > 0 {
            line += " (\(alreadyRecorded) finding\(alreadyRecorded == 1 ? "" : "s") recorded by an earlier run)"
        }
        return line
    }
}
