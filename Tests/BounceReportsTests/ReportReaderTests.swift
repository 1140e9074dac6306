import BounceReports
import Foundation
import NewsletterCore
import Testing

/// The classifier on fixture reports of every format, filled in with an envelope and a reader.
@Suite struct ReportReaderTests {
    static let reader = ReportReader(
        bounceAddress: "bounces@example.org",
        unsubscribeAddress: "unsubscribe@example.org",
        ownAddresses: ["news@example.org"]
    )
    static let envelope = "bounces+42-00112233445566778899@example.org"
    static let recipient = "sam.reader@reader.example"

    /// The fixture `name` with its placeholders filled in.
    static func fixture(
        _ name: String,
        to: String = envelope,
        recipient: String = recipient,
        token: String = "Qk7x2Lw9TzA4mN0pR5sV1a"
    ) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        var bytes = try [UInt8](Data(contentsOf: url))
        for (placeholder, value) in [
            ("{{to}}", to), ("{{recipient}}", recipient), ("{{messageID}}", "<m1@example.org>"),
            ("{{token}}", token),
        ] {
            bytes = replace(bytes, Array(placeholder.utf8), Array(value.utf8))
        }
        return bytes
    }

    static func replace(_ bytes: [UInt8], _ target: [UInt8], _ value: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index...].starts(with: target) {
                result += value
                index += target.count
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return result
    }

    @Test(
        arguments: [
            ("dsn-hard.eml", BounceKind.hard, "5.1.1"),
            ("dsn-delayed.eml", .soft, "4.4.7"),
            ("dsn-gave-up-4xx.eml", .soft, "4.2.2"),
            ("arf-abuse.eml", .complaint, nil),
            ("legacy-postfix.eml", .hard, "5.1.1"),
            ("legacy-exim.eml", .hard, "5.0.0"),
            ("legacy-qmail.eml", .hard, "5.7.1"),
            ("legacy-sendmail.eml", .hard, "5.1.1"),
            ("legacy-exchange.eml", .hard, "5.1.10"),
            ("legacy-yahoo.eml", .hard, "5.0.0"),
            ("legacy-delayed.eml", .soft, "4.0.0"),
            ("malformed-mime.eml", .hard, "5.2.1"),
            ("wrong-charset.eml", .hard, "5.1.1"),
            ("dsn-blocked-dmarc.eml", .blocked, "5.7.26"),
            ("dsn-gmail.eml", .hard, "5.1.1"),
            ("dsn-amazon-ses.eml", .hard, "5.1.1"),
            ("dsn-forwarded.eml", .hard, "5.1.1"),
            ("dsn-empty-status.eml", .hard, "5.1.1"),
            ("arf-no-original.eml", .complaint, nil),
            ("arf-quoted-to-only.eml", .complaint, nil),
            ("jmrp-complaint.eml", .complaint, nil),
            ("legacy-quoted-original.eml", .hard, "5.1.1"),
            ("legacy-x400-prefix.eml", .hard, "5.0.0"),
        ] as [(String, BounceKind, String?)]
    )
    func recognisesTheFailedRecipient(name: String, kind: BounceKind, status: String?) throws {
        let report = Self.reader.read(try Self.fixture(name)[...])
        #expect(report.findings.count == 1, "\(report.findings)")
        let finding = try #require(report.findings.first)
        #expect(finding.kind == kind, "\(finding)")
        #expect(finding.address == Self.recipient, "\(finding)")
        #expect(finding.status == status, "\(finding)")
        #expect(report.verpTokens == ["42-00112233445566778899"], "\(name): \(report.verpTokens)")
    }

    @Test func aMultiRecipientReportGivesEachRecipientOnce() throws {
        let report = Self.reader.read(try Self.fixture("dsn-three-recipients.eml")[...])
        let found = report.findings.map { "\($0.kind) \($0.address ?? "-") \($0.status ?? "-")" }
        #expect(
            found == [
                "hard \(Self.recipient) 5.1.1",
                "blocked alex.second@school.example 5.7.26",
                "soft jo.third@council.example 4.2.2",
            ]
        )
        // The address the list sent to is the Original-Recipient; where the report says it ended up
        // is kept beside it. Nothing is taken from the quoted original's headers.
        #expect(report.findings.last?.finalAddress == "j.third@mailstore.council.example")
        #expect(!report.findings.contains { $0.address == "someone.else@quoted.example" })
    }

    @Test func aBounceTextNamesOnlyTheFailedRecipientNeverTheQuotedOriginalsAddresses() throws {
        for name in ["legacy-quoted-original.eml", "legacy-x400-prefix.eml"] {
            let report = Self.reader.read(try Self.fixture(name)[...])
            #expect(report.findings.compactMap(\.address) == [Self.recipient], "\(name): \(report.findings)")
        }
    }

    @Test(
        arguments: [
            ("reader@example.org", ["reader@example.org"]),
            ("'reader@example.org'.", ["reader@example.org"]),
            ("dda:SMTP=reader@example.org;", ["reader@example.org"]),
            ("<reader@example.org>...User unknown", ["reader@example.org"]),
            ("reader@example.org...User unknown", ["reader@example.org"]),
            ("`reader@example.org`", ["reader@example.org"]),
            ("david...@example.com", []),
            ("trailing.@example.com", []),
            ("no-domain@localhost", []),
        ]
    )
    func addressesAreCleaned(text: String, expected: [String]) {
        #expect(AddressScanner.addresses(in: text) == expected)
    }

    @Test(
        arguments: [
            "dsn-delivered.eml", "auto-reply.eml", "out-of-office-no-header.eml", "out-of-office-with-colleague.eml",
        ]
    )
    func ignoresWhatIsNoFailure(name: String) throws {
        let report = Self.reader.read(try Self.fixture(name)[...])
        #expect(report.findings.map(\.kind) == [.ignored], "\(report.findings)")
    }

    @Test(arguments: ["unsubscribe.eml", "unsubscribe-body.eml"])
    func findsTheReaderTokenOfAMailedUnsubscribe(name: String) throws {
        let report = Self.reader.read(try Self.fixture(name)[...])
        #expect(report.findings.map(\.kind) == [.unsubscribe])
        #expect(report.unsubscribeTokens == ["Qk7x2Lw9TzA4mN0pR5sV1a"])
    }

    @Test func aReportWithoutMessageIDIsIdentifiedByItsBytes() throws {
        let bytes = Array(
            "From: MAILER-DAEMON@x.example\nSubject: failure notice\n\n<a@b.example>: 550 5.1.1 no\n".utf8
        )
        let first = Self.reader.read(bytes[...])
        #expect(first.identity.hasPrefix("sha256:"))
        #expect(first.identity == Self.reader.read(bytes[...]).identity)
        #expect(first.identity != Self.reader.read((bytes + [0x0A])[...]).identity)
    }

    @Test func garbageIsIgnoredWithAReason() {
        for input in ["", "\n\n\n", "no header here at all", String(repeating: "\u{1}\u{2}", count: 100)] {
            let report = Self.reader.read(Array(input.utf8)[...])
            #expect(report.findings.map(\.kind) == [.ignored])
        }
    }
}
