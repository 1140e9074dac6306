import Foundation
import GRDB
import NewsletterCore
import TestSupport
import Testing

@testable import Ledger

/// The readers the state database keeps beside the subscriber file: what a sign-up records, how
/// readers join a mailing, and erasure. (The sign-up rules are the readers' desk's: ReaderDeskTests.)
@Suite struct LedgerReaderTests {
    let folder: TemporaryFolder
    let ledger: Ledger
    /// Now: suppressions are stamped with the real clock.
    let now = Int64(Date().timeIntervalSince1970)

    init() throws {
        folder = try TemporaryFolder()
        ledger = try Ledger.open(at: folder.url.appendingPathComponent("state.sqlite"))
    }

    private func request(
        _ email: String,
        nonce: String = "00",
        topics: [String] = [],
        at time: Int64? = nil
    )
        -> SignUpRequest
    {
        SignUpRequest(
            email: email,
            name: "N",
            topics: topics,
            consent: "Yes, please.",
            form: "https://x.example/subscribe",
            clientAddress: nil,
            nonce: nonce,
            confirmationLink: "C",
            manageLink: "M",
            now: time ?? now
        )
    }

    /// Records `request` as the readers' desk decided it: `outcome`.
    private func signUp(_ request: SignUpRequest, as outcome: SignUpOutcome = .requested) throws -> SignUpOutcome {
        try ledger.signUp(request, linkLifetime: 7 * 86_400) { _ in outcome }
    }

    @Test func aMailingSeesTheReadersChoicesOverTheFilesAndSkipsErasedAddresses() throws {
        try ledger.addReader(email: "ada@example.org", name: "", topics: ["Abuse"])
        try ledger.addReader(email: "new@example.org", name: "New", topics: nil)
        #expect(try signUp(request("pending@example.org")) == .requested)
        let bulletin = Bulletin(
            kind: .alert,
            number: 1,
            date: Day(year: 2026, month: 12, day: 1),
            topic: "Online",
            sections: [TopicSection(topic: "Online", items: [])]
        )
        let mailing = try ledger.record(
            bulletin,
            rendered: RenderedBulletin(subject: "S", text: "t", html: "h"),
            Recording(
                listedReaders: { insert in
                    for email in ["ada@example.org", "zoe@example.org", "gone@example.org"] {
                        try insert(Reader(email: email, name: "Listed"))
                    }
                },
                erasedHash: { "hash-of-" + $0 }
            )
        )
        _ = mailing
        try ledger.write { db in
            try db.execute(sql: "INSERT INTO forgotten (hash, forgottenAt) VALUES ('hash-of-gone@example.org', 'x')")
        }
        let recipients = try ledger.read { db in
            try String.fetchAll(db, sql: "SELECT emailKey FROM delivery ORDER BY emailKey")
        }
        #expect(recipients == ["gone@example.org", "new@example.org", "zoe@example.org"])

        let second = try ledger.record(
            Bulletin(kind: .issue, number: 1, date: Day(year: 2026, month: 12, day: 2), sections: []),
            rendered: RenderedBulletin(subject: "S", text: "t", html: "h"),
            Recording(
                listedReaders: { insert in try insert(Reader(email: "gone@example.org")) },
                erasedHash: { "hash-of-" + $0 }
            )
        )
        #expect(try ledger.deliveryCounts(of: second) == [.pending: 2], "ada and new; the erased address is skipped")
    }

    @Test func anImportedPastIssueMailsNobodyEvenWithReadersKnown() throws {
        try ledger.addReader(email: "ada@example.org", name: "Ada", topics: nil)
        let bulletin = Bulletin(kind: .issue, number: 1, date: Day(year: 2026, month: 1, day: 5), sections: [])
        let past = try ledger.recordPastIssue(bulletin, rendered: RenderedBulletin(subject: "S", text: "t", html: "h"))
        #expect(past.isRecorded && past.isComplete)
        #expect(try ledger.deliveryCounts(of: past).isEmpty)
        #expect(try ledger.unfinishedMailing(kind: .issue) == nil, "the next send has nothing to resume")
    }

    @Test func forgettingKeepsOnlyCountsAndTheKeyedHash() throws {
        let mailing = try ledger.record(
            Bulletin(kind: .issue, number: 1, date: Day(year: 2026, month: 12, day: 2), sections: []),
            rendered: RenderedBulletin(subject: "S", text: "t", html: "h"),
            Recording(readers: ["ada@example.org", "zoe@example.org"].map { Reader(email: $0) })
        )
        try ledger.addReader(email: "Ada@example.org", name: "Ada", topics: ["T"])
        let erasure = try ledger.forget("ADA@example.org", hash: "abc")
        #expect(erasure == Ledger.Erasure(wasKnown: true, deliveries: 1))
        let counts = try ledger.deliveryCounts(of: mailing)
        #expect(counts == [.pending: 1, .failed: 1], "the erased address gets nothing more")
        #expect(try ledger.registeredReader("ada@example.org") == nil)
        #expect(try ledger.readerData("ada@example.org").deliveries.isEmpty)
        #expect(try ledger.isForgotten(hash: "abc"))
        let bytes = try Data(contentsOf: folder.url.appendingPathComponent("state.sqlite"))
        #expect(bytes.range(of: Data("ada@example.org".utf8)) == nil)
        let log = folder.url.appendingPathComponent("state.sqlite-wal")
        #expect(((try? FileManager.default.attributesOfItem(atPath: log.path)[.size]) as? Int ?? 0) == 0)
    }
}
