import Composer
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Ledger

/// What one outcome costs the state file: the send commits each one on its own at one connection,
/// so the pages a commit rewrites are paid once per message.
@Suite struct LedgerWriteCostTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    private var file: URL { folder.url.appendingPathComponent("state.sqlite") }

    /// The pages `body` writes to the write-ahead log (emptied first, and not checkpointed meanwhile).
    private func framesWritten(by ledger: Ledger, _ body: () throws -> Void) throws -> Int {
        try ledger.database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            _ = try db.checkpoint(.truncate)
        }
        try body()
        return try ledger.database.writeWithoutTransaction { db in
            defer { try? db.execute(sql: "PRAGMA wal_autocheckpoint = 1000") }
            return try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")?[1] ?? -1
        }
    }

    @Test func anOutcomeRewritesLittleMoreThanItsDeliverysPage() throws {
        let ledger = try Ledger.open(at: file)
        let mailing = try ledger.recordIssue(to: (0..<3_000).map { "reader\($0)@example.org" })
        let deliveries = try ledger.deliveriesToSend(of: mailing, limit: 3_000)
        #expect(deliveries.count == 3_000)

        let measured = deliveries.prefix(600)
        let frames = try framesWritten(by: ledger) {
            for delivery in measured {
                try ledger.record([
                    DeliveryResult(
                        deliveryID: delivery.id,
                        state: .sent,
                        reply: "250 2.0.0 Ok: queued as 4XyZ\(delivery.id)",
                        messageID: "<issue-1.\(delivery.id)@example.org>"
                    )
                ])
            }
        }
        // One commit per outcome rewrites the delivery's page of the table, and now and then the
        // page it splits into as the rows grow; no index holds the state, so no index page.
        let perOutcome = Double(frames) / Double(measured.count)
        // (With the state in two indexes, as up to v5, it was 4.7 pages.)
        #expect(perOutcome < 2, "an outcome wrote \(perOutcome) pages on average")
        #expect(try ledger.deliveryCounts(of: mailing) == [.sent: 600, .pending: 2_400])
    }

    @Test func theStateFileOfTheBouncesReleaseMovesToTheIndexesWithoutState() throws {
        let queue = try DatabaseQueue(path: file.path)
        try LedgerSchema.migrator.migrate(queue, upTo: "v5-bounces")
        try queue.close()

        let ledger = try Ledger.open(at: file)
        let indexes = try ledger.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'delivery' AND sql IS NOT NULL"
            )
        }
        #expect(Set(indexes) == ["deliveryByMailing", "deliveryByEmailKey"])
    }
}
