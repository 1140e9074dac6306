import Foundation
import NewsletterCore
import TestSupport
import Testing

@testable import Ledger

@Suite struct LedgerTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    private var file: URL { folder.url.appendingPathComponent("state.sqlite") }

    private func bulletin(_ number: Int, _ ids: [String], kind: Bulletin.Kind = .issue) -> Bulletin {
        let items = ids.map {
            Item(id: $0, topic: "T", title: $0, date: Day(year: 2026, month: 11, day: 1), summary: "s")
        }
        return Bulletin(
            kind: kind,
            number: number,
            date: Day(year: 2026, month: 11, day: 22),
            topic: kind == .alert ? "T" : nil,
            sections: [TopicSection(topic: "T", items: items)]
        )
    }

    private let rendered = RenderedBulletin(subject: "S", text: "t \u{E000}0\u{E001}", html: "<p>h</p>")

    private func record(_ ledger: Ledger, _ bulletin: Bulletin, _ emails: [String]) throws -> Mailing {
        try ledger.record(
            bulletin,
            rendered: rendered,
            Recording { insert in
                for email in emails { try insert(Reader(email: email)) }
            }
        )
    }

    @Test func readingNeverCreatesTheFile() throws {
        #expect(try Ledger.openReadOnly(at: file) == nil)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test func recordsAMailingItsItemsAndOneDeliveryPerAddress() throws {
        let ledger = try Ledger.open(at: file)
        let mailing = try record(ledger, bulletin(1, ["a", "b"]), ["x@example.org", "X@Example.org", "y@example.org"])
        #expect(mailing.number == 1)
        #expect(mailing.rendered == rendered)
        #expect(try ledger.carriedItemIDs(kind: .issue) == ["a", "b"])
        #expect(try ledger.carriedItemIDs(kind: .alert) == [])
        #expect(try ledger.nextNumber(kind: .issue) == 2)
        #expect(try ledger.deliveryCounts(of: mailing) == [.pending: 2])
        #expect(try ledger.unfinishedMailing(kind: .issue) == mailing)

        let reopened = try #require(try Ledger.openReadOnly(at: file))
        #expect(try reopened.carriedItemIDs(kind: .issue) == ["a", "b"])
    }

    @Test func aMailingIsCompleteWhenNothingIsPendingOrDeferred() throws {
        let ledger = try Ledger.open(at: file)
        let mailing = try record(ledger, bulletin(1, ["a"]), ["x@example.org", "y@example.org"])
        let deliveries = try ledger.deliveriesToSend(of: mailing)
        #expect(deliveries.map(\.reader.email) == ["x@example.org", "y@example.org"])
        try ledger.record([
            DeliveryResult(deliveryID: deliveries[0].id, state: .sent, reply: "250 ok"),
            DeliveryResult(deliveryID: deliveries[1].id, state: .deferred, reply: "451 later"),
        ])
        #expect(try !ledger.completeIfDone(mailing))
        #expect(try ledger.deliveriesToSend(of: mailing).map(\.reader.email) == ["y@example.org"])
        try ledger.record([
            DeliveryResult(
                deliveryID: deliveries[1].id,
                state: .failed,
                reply: "550 no such user",
                suppressionReason: "refused"
            )
        ])
        #expect(try ledger.completeIfDone(mailing))
        #expect(try ledger.unfinishedMailing(kind: .issue) == nil)
        #expect(try ledger.isSuppressed("Y@example.org"))
    }

    @Test func suppressedAddressesGetNoDeliveryAndFinishTheirPendingOnes() throws {
        let ledger = try Ledger.open(at: file)
        #expect(try ledger.suppress(["gone@example.org"], reason: "unsubscribed") == 1)
        #expect(try ledger.suppress(["GONE@example.org"], reason: "unsubscribed") == 0)
        let first = try record(
            ledger,
            bulletin(1, ["a"]),
            ["gone@example.org", "stay@example.org", "late@example.org"]
        )
        #expect(try ledger.deliveryCounts(of: first) == [.pending: 2])
        try ledger.suppress(["late@example.org"], reason: "unsubscribed")
        #expect(try ledger.deliveriesToSend(of: first).map(\.reader.email) == ["stay@example.org"])
    }

    @Test func alertsAndIssuesNumberAndCarrySeparately() throws {
        let ledger = try Ledger.open(at: file)
        _ = try record(ledger, bulletin(1, ["a"], kind: .alert), [])
        #expect(try ledger.carriedItemIDs(kind: .issue) == [])
        #expect(try ledger.carriedItemIDs(kind: .alert) == ["a"])
        #expect(try ledger.nextNumber(kind: .issue) == 1)
        #expect(try ledger.nextNumber(kind: .alert) == 2)
    }

    @Test func aFailedRecordingLeavesNothingBehind() throws {
        let ledger = try Ledger.open(at: file)
        var chunks = 0
        #expect(throws: NewsletterError.self) {
            try ledger.record(
                bulletin(1, ["a"]),
                rendered: rendered,
                Recording(
                    listedReaders: { insert in
                        for index in 0..<3 { try insert(Reader(email: "x\(index)@example.org")) }
                        throw NewsletterError(.badData, "boom")
                    },
                    chunkSize: 1,
                    afterChunk: { chunks = $0 }
                )
            )
        }
        #expect(chunks >= 2, "chunks were committed before the failure")
        #expect(try ledger.carriedItemIDs(kind: .issue) == [])
        #expect(try ledger.lastMailing(kind: .issue) == nil)
        #expect(try ledger.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery") } == 0)
    }

    /// What a kill between two chunks leaves: a mailing not wholly recorded. It is never complete,
    /// and recording it again adds the readers it lacks and leaves the others' deliveries as they are.
    @Test func aRecordingCutShortIsFinishedAndNeverTakenForWhole() throws {
        let ledger = try Ledger.open(at: file)
        let emails = (0..<10).map { "r\($0)@example.org" }
        let whole = try record(ledger, bulletin(1, ["a"]), emails)
        try ledger.write { db in
            try db.execute(sql: "UPDATE mailing SET recordedAt = NULL, completedAt = NULL")
            try db.execute(sql: "DELETE FROM delivery WHERE emailKey > 'r2@example.org'")
        }
        let deliveries = try ledger.deliveriesToSend(of: whole)
        try ledger.record(deliveries.map { DeliveryResult(deliveryID: $0.id, state: .sent, reply: "250 ok") })
        let cut = try #require(try ledger.unfinishedMailing(kind: .issue))
        #expect(!cut.isRecorded)
        #expect(try !ledger.completeIfDone(cut), "its three deliveries are sent, but it is not whole")
        #expect(try ledger.nextNumber(kind: .issue) == 2)

        let finished = try ledger.recordDeliveries(
            of: cut,
            Recording(readers: emails.map { Reader(email: $0) }, chunkSize: 4)
        )
        #expect(finished.isRecorded && !finished.isComplete)
        #expect(try ledger.deliveryCounts(of: finished) == [.sent: 3, .pending: 7])
    }

    @Test func aMailingCompleteForLongerThanTheRetentionKeepsItsCountsAndLosesItsRows() throws {
        let ledger = try Ledger.open(at: file)
        let old = try record(ledger, bulletin(1, ["a"]), (0..<5).map { "r\($0)@example.org" })
        let deliveries = try ledger.deliveriesToSend(of: old)
        try ledger.record(
            deliveries.enumerated().map { index, delivery in
                DeliveryResult(deliveryID: delivery.id, state: index < 3 ? .sent : .failed, reply: "x")
            }
        )
        #expect(try ledger.completeIfDone(old))
        try ledger.write { db in
            try db.execute(
                sql: "UPDATE mailing SET completedAt = ? WHERE id = ?",
                arguments: [
                    Clock.system.timestamp(daysAgo: 100), old.id,
                ]
            )
        }
        let recent = try record(ledger, bulletin(2, ["b"]), ["r0@example.org", "r1@example.org"])

        #expect(try ledger.collapseDeliveries(completedBefore: Clock.system.timestamp(daysAgo: 90), chunkSize: 2) == 1)
        #expect(try ledger.deliveryCounts(of: old) == [.sent: 3, .failed: 2], "the counts stay")
        let rows = try ledger.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery WHERE mailingId = ?", arguments: [old.id])
        }
        #expect(rows == 0)
        #expect(try ledger.deliveryCounts(of: recent) == [.pending: 2], "a recent mailing keeps its rows")
        #expect(try ledger.carriedItemIDs(kind: .issue) == ["a", "b"], "what an issue carried stays carried")
        #expect(try ledger.collapseDeliveries(completedBefore: Clock.system.timestamp(daysAgo: 90)) == 0)
    }

    @Test func aDeliveryKeepsItsAddressOnlyWhenItsCaseDiffersAndReadsBackAsTheListHasIt() throws {
        let ledger = try Ledger.open(at: file)
        let mailing = try record(ledger, bulletin(1, ["a"]), ["ada@example.org", "Bo@Example.org", "cy@example.org"])
        let stored = try ledger.read { db in
            try String.fetchAll(db, sql: "SELECT email FROM delivery ORDER BY id")
        }
        #expect(stored == ["", "Bo@Example.org", ""], "a lower-case address is not written twice")
        let deliveries = try ledger.deliveriesToSend(of: mailing)
        #expect(deliveries.map(\.reader.email) == ["ada@example.org", "Bo@Example.org", "cy@example.org"])
        try ledger.record([
            DeliveryResult(deliveryID: deliveries[0].id, state: .failed, reply: "550 no", suppressionReason: "hard"),
            DeliveryResult(deliveryID: deliveries[1].id, state: .failed, reply: "550 no"),
            DeliveryResult(deliveryID: deliveries[2].id, state: .sent, reply: "250 ok"),
        ])
        #expect(try ledger.deliveries(of: mailing, in: .failed).map(\.email) == ["ada@example.org", "Bo@Example.org"])
        #expect(try ledger.lastSentDelivery(to: "CY@example.org")?.email == "cy@example.org")
        #expect(try ledger.bounceTargets(deliveryIDs: [deliveries[1].id]).map(\.email) == ["Bo@Example.org"])
        let suppressed = try ledger.read { db in try String.fetchAll(db, sql: "SELECT email FROM suppression") }
        #expect(suppressed == ["ada@example.org"])

        _ = try ledger.forget("ada@example.org", hash: "h")
        #expect(
            try ledger.deliveries(of: mailing, in: .failed).map(\.email) == ["", "Bo@Example.org"],
            "an erased delivery shows no address, not its hash"
        )
    }

    @Test func aSecondLockOnTheSameStateFails() throws {
        let lock = try StateLock(for: file)
        #expect(throws: NewsletterError.self) { try StateLock(for: file) }
        withExtendedLifetime(lock) {}
    }

    @Test func aFileThatIsNotADatabaseIsBadData() throws {
        try folder.write("not sqlite at all, just text that is long enough to be a header.....", to: "state.sqlite")
        #expect { try Ledger.openReadOnly(at: file) } throws: {
            ($0 as? NewsletterError)?.code == .badData
        }
    }

    @Test(arguments: [0, -86_400, -30 * 86_400])
    func timestampsAreISO8601InUTC(offsetSeconds: Int) throws {
        let stamp = Clock.system.timestamp(offsetSeconds: Int64(offsetSeconds))
        #expect(stamp.count == 20)
        let parsed = try #require(ISO8601DateFormatter().date(from: stamp), "\(stamp) is not ISO 8601")
        let expected = Date().addingTimeInterval(TimeInterval(offsetSeconds))
        #expect(abs(parsed.timeIntervalSince(expected)) < 2, "\(stamp) is not the time")
    }
}
