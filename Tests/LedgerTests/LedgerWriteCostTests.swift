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
                        reply: "250 2.0.0 Ok: queued as 4XyZ\(delivery.id)"
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

    @Test func theStateFileOfTheIndexReleaseKeepsEveryDeliveryAndItsBounceFindings() throws {
        let queue = try DatabaseQueue(path: file.path)
        try LedgerSchema.migrator.migrate(queue, upTo: "v6-delivery-indexes")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO mailing (id, kind, number, date, subject, textBody, htmlBody, createdAt)
                    VALUES (1, 'issue', 1, '2026-11-22', 'Weekly', 'Text', '<p>Html</p>', '2026-11-22T06:00:00Z');
                    INSERT INTO delivery (id, mailingId, emailKey, email, name, state, attempts, messageId, reply)
                    VALUES (7, 1, 'ada@example.org', 'Ada@example.org', 'Ada', 'sent', 1, '<7@x>', '250 ok'),
                           (9, 1, 'bo@example.org', 'bo@example.org', '', 'deferred', 2, NULL, '451 later');
                    INSERT INTO bounceFinding
                        (reportKey, emailKey, email, kind, status, deliveryId, mailingId, createdAt)
                    VALUES ('id:<r1@x>', 'ada@example.org', 'Ada@example.org', 'soft', '4.2.2', 7, 1,
                            '2026-11-23T08:00:00Z');
                    """
            )
        }
        try queue.close()

        let ledger = try Ledger.open(at: file)
        let (deliveries, findingDelivery) = try ledger.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT id, email, state, attempts, reply FROM delivery ORDER BY id"),
                try Int64.fetchOne(db, sql: "SELECT deliveryId FROM bounceFinding")
            )
        }
        #expect(deliveries.map { $0["id"] as Int64 } == [7, 9])
        #expect(deliveries.map { $0["state"] as String } == ["sent", "deferred"])
        #expect(deliveries.map { $0["reply"] as String } == ["250 ok", "451 later"])
        #expect(findingDelivery == 7)
        let mailing = try #require(try ledger.lastMailing(kind: .issue))
        #expect(try ledger.deliveryCounts(of: mailing) == [.sent: 1, .deferred: 1])
        #expect(throws: DatabaseError.self) {
            try ledger.database.write { db in try db.execute(sql: "UPDATE delivery SET state = 'queued' WHERE id = 9") }
        }
        // The definition was edited in place: the file is whole, and an outcome builds no temporary table.
        let (check, buildsTable) = try ledger.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA integrity_check"),
                try Row.fetchAll(db, sql: "EXPLAIN UPDATE delivery SET state = 'sent' WHERE id = 9")
                    .contains { $0["opcode"] == "OpenEphemeral" }
            )
        }
        #expect(check == "ok")
        #expect(!buildsTable)
    }
}
