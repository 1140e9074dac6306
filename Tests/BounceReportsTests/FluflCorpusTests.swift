import BounceReports
import Foundation
import NewsletterCore
import Testing

/// The public flufl.bounce corpus: GNU Mailman's collection of real bounces from two decades of
/// mail systems, with the failed addresses its own tests expect. `scripts/test.sh` downloads the
/// source release from PyPI into `.build/flufl-bounce`; the expectations are read from its
/// `tests/test_detectors.py`, so the corpus stays theirs.
@Suite struct FluflCorpusTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/flufl-bounce/tests")

    /// One sample: its file, the addresses it reports as failed, and whether they are only delayed.
    struct Sample {
        var file: String
        var addresses: Set<String>
        var temporary: Bool
    }

    /// The samples of `test_detectors.py`'s table, one per file; where two detectors disagree on a
    /// file (one finds nothing, the other the address), the addresses of the one that finds them.
    static func samples() throws -> [Sample] {
        let table = root.appendingPathComponent("test_detectors.py")
        guard let source = try? String(contentsOf: table, encoding: .utf8) else {
            let hint = "scripts/test.sh downloads it (python3 -m pip download flufl.bounce)"
            Issue.record("no flufl.bounce corpus at \(table.path): \(hint)")
            return []
        }
        let row = #/\(\s*'(\w+)',\s*'([\w.]+)',\s*\[([^\]]*)\],\s*(True|False)\)/#
        var byFile: [String: Sample] = [:]
        var order: [String] = []
        for match in source.matches(of: row) {
            let file = String(match.output.2)
            let addresses = Set(
                match.output.3.matches(of: #/b'([^']+)'/#).map { String($0.output.1).lowercased() }
            )
            if byFile[file] == nil { order.append(file) }
            if byFile[file].map({ $0.addresses.isEmpty }) ?? true {
                byFile[file] = Sample(file: file, addresses: addresses, temporary: match.output.4 == "True")
            }
        }
        return order.compactMap { byFile[$0] }
    }

    /// A reader for a Mailman list: the corpus's bounces answer lists whose addresses it does not name.
    static let reader = ReportReader(bounceAddress: nil, unsubscribeAddress: nil, ownAddresses: [])

    /// What the reader makes of `sample`: the failed addresses, and whether any is called hard.
    static func read(_ sample: Sample) throws -> (failed: Set<String>, kinds: [BounceKind]) {
        let bytes = try [UInt8](Data(contentsOf: root.appendingPathComponent("data/\(sample.file)")))
        let findings = reader.read(bytes[...]).findings.filter { [.hard, .soft, .blocked].contains($0.kind) }
        return (Set(findings.compactMap(\.address)), findings.map(\.kind))
    }

    /// Three samples of one site's own format, for which flufl.bounce keeps a detector of that site
    /// alone; the addresses found there never match a copy the list sent, so nothing is suppressed.
    static let siteFormats = [
        "yale_01.txt": "Yale's directory lookup names a bare user name and example addresses",
        "llnl_01.txt": "LLNL's locator names the recipient among directory entries",
        "aol_01.txt": "AOL names a bare screen name without a domain",
    ]

    @Test func findsTheFailedAddressesOfEverySample() throws {
        let samples = try Self.samples()
        #expect(samples.count >= 100, "the table of test_detectors.py should name over 100 samples")
        #expect(Self.siteFormats.keys.allSatisfy { file in samples.contains { $0.file == file } })
        var wrong: [String] = []
        for sample in samples where Self.siteFormats[sample.file] == nil {
            let (failed, kinds) = try Self.read(sample)
            if failed != sample.addresses {
                wrong.append("\(sample.file): expected \(sample.addresses.sorted()), found \(failed.sorted()) \(kinds)")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) of \(samples.count) samples:\n\(wrong.joined(separator: "\n"))")
    }

    /// A delay warning must never cost a reader: what flufl.bounce calls temporary is soft here.
    /// (The reverse does not hold: flufl.bounce calls a full mailbox permanent; here it is soft.)
    @Test func aDelayWarningIsNeverHard() throws {
        var wrong: [String] = []
        let delayed = try Self.samples().filter { $0.temporary }
        #expect(delayed.count >= 10)
        for sample in delayed {
            let (_, kinds) = try Self.read(sample)
            if kinds.isEmpty || kinds.contains(where: { $0 != .soft }) { wrong.append("\(sample.file): \(kinds)") }
        }
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
    }
}
