import Foundation
import TestSupport
import Testing

@testable import Ledger

/// Recording bounce findings: once per report and address, suppression rules, the v5 migration.
@Suite struct LedgerBounceTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    private var file: URL { folder.url.appendingPathComponent("state.sqlite") }

    /// Records mailing `number` to `emails` and marks every delivery sent; returns the targets by address.
    private func send(_ ledger: Ledger, _ number: Int, _ emails: [String]) throws -> [String: BounceTarget] {
        let mailing = try ledger.recordIssue(number, to: emails)
        let deliveries = try ledger.deliveriesToSend(of: mailing)
        try ledger.record(deliveries.map { DeliveryResult(deliveryID: $0.id, state: .sent, reply: "250 ok") })
        return Dictionary(
            uniqueKeysWithValues: try ledger.bounceTargets(deliveryIDs: deliveries.map(\.id)).map { ($0.emailKey, $0) }
        )
    }

    @Test func theMigrationIsNamedAndRegisteredAfterTheIntake() {
        let migrations = LedgerSchema.migrator.migrations
        #expect(migrations.firstIndex(of: "v5-bounces") == migrations.firstIndex(of: "v4-intake").map { $0 + 1 })
    }

    @Test func aHardBounceSuppressesOnceAndARepeatChangesNothing() throws {
        let ledger = try Ledger.open(at: file)
        let targets = try send(ledger, 1, ["a@example.org", "b@example.org"])
        let a = try #require(targets["a@example.org"])
        let first = try ledger.recordBounce(
            report: "id:<r1>",
            target: a,
            kind: .hard,
            status: "5.1.1",
            detail: "no such user",
            softLimit: 3
        )
        #expect(first == .recorded(suppressed: .hardBounce))
        let again = try ledger.recordBounce(
            report: "id:<r1>",
            target: a,
            kind: .hard,
            status: "5.1.1",
            detail: "no such user",
            softLimit: 3
        )
        #expect(again == .alreadyRecorded)
        #expect(try ledger.suppressionKind(of: "A@example.org") == .hardBounce)
        #expect(try ledger.isSuppressed("b@example.org") == false)
        let mailing = try #require(try ledger.lastMailing(kind: .issue))
        #expect(try ledger.bounceCounts(of: mailing) == BounceCounts(hard: 1))
        #expect(try ledger.suppressionCounts() == [.hardBounce: 1])
    }

    @Test func softBouncesNeedTheLimitInARowAndACleanDeliveryResets() throws {
        let ledger = try Ledger.open(at: file)
        var soft = 0
        func bounce(_ target: BounceTarget?) throws -> BounceRecording {
            soft += 1
            return try ledger.recordBounce(
                report: "id:<s\(soft)>",
                target: try #require(target),
                kind: .soft,
                status: "4.2.2",
                detail: "mailbox full",
                softLimit: 2
            )
        }
        let one = try send(ledger, 1, ["a@example.org", "b@example.org"])
        #expect(try bounce(one["a@example.org"]) == .recorded(suppressed: nil))
        #expect(
            try bounce(one["a@example.org"]) == .recorded(suppressed: nil),
            "two reports of one mailing are one soft mailing"
        )
        #expect(try bounce(one["b@example.org"]) == .recorded(suppressed: nil))
        let two = try send(ledger, 2, ["a@example.org", "b@example.org"])
        #expect(try bounce(two["a@example.org"]) == .recorded(suppressed: .softBounces))
        let three = try send(ledger, 3, ["b@example.org"])
        #expect(try bounce(three["b@example.org"]) == .recorded(suppressed: nil), "b's clean mailing 2 reset the count")
        #expect(try ledger.suppressionKind(of: "a@example.org") == .softBounces)
    }

    @Test func complaintsAndUnsubscribesSuppressWithTheirKind() throws {
        let ledger = try Ledger.open(at: file)
        let targets = try send(ledger, 1, ["a@example.org", "b@example.org"])
        #expect(
            try ledger.recordBounce(
                report: "id:<c>",
                target: targets["a@example.org"]!,
                kind: .complaint,
                status: nil,
                detail: "abuse",
                softLimit: 3
            ) == .recorded(suppressed: .complaint)
        )
        let reader = BounceTarget(deliveryID: nil, mailingID: nil, emailKey: "b@example.org", email: "b@example.org")
        #expect(
            try ledger.recordBounce(
                report: "id:<u>",
                target: reader,
                kind: .unsubscribe,
                status: nil,
                detail: "mail",
                softLimit: 3
            ) == .recorded(suppressed: .mail)
        )
        #expect(try ledger.lastSentDelivery(to: "B@example.org")?.emailKey == "b@example.org")
        #expect(try ledger.lastSentDelivery(to: "nobody@example.org") == nil)
    }

    @Test func aBlockedFindingIsCountedAndNeverSuppresses() throws {
        let folder = try TemporaryFolder()
        let ledger = try Ledger.open(at: folder.url.appendingPathComponent("state.sqlite"))
        let mailing = try ledger.recordIssue(to: ["kept@example.net"])
        let delivery = try #require(try ledger.deliveriesToSend(of: mailing).first)
        _ = try ledger.record([DeliveryResult(deliveryID: delivery.id, state: .sent, reply: "250 ok")])
        let target = try #require(try ledger.lastSentDelivery(to: "kept@example.net"))
        let recorded = try ledger.recordBounce(
            report: "id:<dmarc@x>",
            target: target,
            kind: .blocked,
            status: "5.7.26",
            detail: "fails DMARC",
            softLimit: 1
        )
        #expect(recorded == .recorded(suppressed: nil))
        #expect(try !ledger.isSuppressed("kept@example.net"))
        #expect(try ledger.bounceCounts(of: mailing) == BounceCounts(blocked: 1))
    }
}
