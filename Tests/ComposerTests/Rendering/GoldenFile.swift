import Foundation
import TestSupport
import Testing

/// The golden files of `Tests/ComposerTests/Fixtures/golden/`.
enum GoldenFile {
    /// Compares `actual` with the golden file `name`; with `UPDATE_GOLDEN=1` rewrites it (and fails,
    /// so that a rewrite is never mistaken for a pass).
    static func expect(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = Repository.root.appendingPathComponent("Tests/ComposerTests/Fixtures/golden/\(name)")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            Issue.record(
                "rewrote \(name); review the diff and run again without UPDATE_GOLDEN",
                sourceLocation: sourceLocation
            )
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(
            actual == expected,
            "differs from \(name); if the change is intended, run with UPDATE_GOLDEN=1 and review the diff",
            sourceLocation: sourceLocation
        )
    }
}
