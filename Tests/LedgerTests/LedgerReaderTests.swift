import Foundation
import GRDB
import NewsletterCore
import TestSupport
import Testing

@testable import Ledger

/// The readers the state database keeps beside the subscriber file: sign-ups, their limits, their
/// confirmation, how they join a mailing, and erasure.
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
            isListed: false,
            perHour: 3,
            now: time ?? now
        )
    }

    private func signUp(_ request: SignUpRequest) throws -> SignUpOutcome {
        try ledger.signUp(request, linkLifetime: 7 * 86_400, perAddress: 86_400)
    }

    private func confirm(_ nonce: String, issuedAt: Int64? = nil, at time: Int64? = nil) throws -> ConfirmationOutcome {
        try ledger.confirm(
            nonce: nonce,
            issuedAt: issuedAt ?? now,
            now: time ?? now + 60,
            lifetime: 7 * 86_400,
            forgottenHash: "h"
        )
    }

    @Test func aSignUpIsPendingUntilConfirmedAndARepeatNeverChangesAnActiveReader() throws {
        #expect(try signUp(request("Ann@Example.org", nonce: "01", topics: ["T"])) == .requested)
        #expect(try ledger.registeredReader("ann@example.org")?.state == .pending)
        #expect(try ledger.dueLetters(now: now).map(\.kind) == [.confirmation])
        #expect(try confirm("01") == .confirmed(email: "Ann@Example.org"))
        #expect(try confirm("01") == .unknown, "a link works once")
        let active = try #require(try ledger.registeredReader("ann@example.org"))
        #expect(active.state == .active && active.topics == ["T"] && active.consent == "Yes, please.")

        // A day later, the form again with other topics: a short letter, and nothing else changes.
        #expect(try signUp(request("ann@example.org", nonce: "02", topics: ["U"], at: now + 90_000)) == .alreadyActive)
        #expect(try ledger.registeredReader("ann@example.org") == active)
    }

    @Test func oneLetterADayPerAddressAndTheListsCapAnHour() throws {
        #expect(try signUp(request("a@example.org", nonce: "01")) == .requested)
        #expect(try signUp(request("a@example.org", nonce: "02")) == .addressLimit)
        #expect(try signUp(request("b@example.org", nonce: "03")) == .requested)
        #expect(try signUp(request("c@example.org", nonce: "04")) == .requested)
        #expect(try signUp(request("d@example.org", nonce: "05")) == .listLimit)
        #expect(try signUp(request("d@example.org", nonce: "06", at: now + 3_601)) == .requested)
        #expect(try confirm("01") == .confirmed(email: "a@example.org"), "a refused repeat kept the first link")
    }

    @Test func aLinkIssuedBeforeAnUnsubscribeNeverUndoesIt() throws {
        #expect(try signUp(request("a@example.org", nonce: "01")) == .requested)
        try ledger.suppress(["a@example.org"], reason: "unsubscribed")
        #expect(try confirm("01", issuedAt: now - 10) == .unsubscribedSince)
        #expect(try ledger.isSuppressed("a@example.org"))

        // Asked anew after the unsubscribe (a day later): the new link undoes it.
        #expect(try signUp(request("a@example.org", nonce: "02", at: now + 90_000)) == .requested)
        #expect(try confirm("02", issuedAt: now + 90_000, at: now + 90_100) == .confirmed(email: "a@example.org"))
        #expect(try !ledger.isSuppressed("a@example.org"))
    }

    @Test func aBouncedAddressGetsNothingAndAnExpiredSignUpIsPurged() throws {
        try ledger.suppress(["gone@example.org"], reason: "550", kind: .hardBounce)
        #expect(try signUp(request("gone@example.org")) == .bounced)
        #expect(try signUp(request("late@example.org", nonce: "09")) == .requested)
        #expect(try confirm("09", at: now + 8 * 86_400) == .expired)
        try ledger.purgeExpiredSignUps(now: now + 8 * 86_400, lifetime: 7 * 86_400)
        #expect(try ledger.registeredReader("late@example.org") == nil)
        #expect(try ledger.signUpCounts(since: "2000")[.expired] == 1)
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
            recipients: { insert in
                for email in ["ada@example.org", "zoe@example.org", "gone@example.org"] {
                    try insert(Subscriber(email: email, name: "Listed"))
                }
            },
            accepts: { $0.wants(topic: "Online") },
            forgottenHash: { "hash-of-" + $0 }
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
            recipients: { insert in try insert(Subscriber(email: "gone@example.org")) },
            forgottenHash: { "hash-of-" + $0 }
        )
        #expect(try ledger.deliveryCounts(of: second) == [.pending: 2], "ada and new; the erased address is skipped")
    }

    @Test func forgettingKeepsOnlyCountsAndTheKeyedHash() throws {
        let mailing = try ledger.record(
            Bulletin(kind: .issue, number: 1, date: Day(year: 2026, month: 12, day: 2), sections: []),
            rendered: RenderedBulletin(subject: "S", text: "t", html: "h"),
            recipients: { insert in
                for email in ["ada@example.org", "zoe@example.org"] { try insert(Subscriber(email: email)) }
            }
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
