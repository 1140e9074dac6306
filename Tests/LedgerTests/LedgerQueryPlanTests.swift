import Foundation
import GRDB
import Synchronization
import TestSupport
import Testing

@testable import Ledger

/// Every statement the ledger runs against the delivery table finds its rows through an index.
///
/// A ledger keeps one row per reader per issue: after a year of weekly issues to 27,000 readers it
/// holds 1.4 million. A statement that scans the table would make each send, status and bounce
/// run slower week by week, with nothing else changed.
@Suite struct LedgerQueryPlanTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    private var file: URL { folder.url.appendingPathComponent("state.sqlite") }

    /// Runs `body` and returns the SQL of every statement the ledger's connection ran meanwhile.
    private func statements(of ledger: Ledger, _ body: () throws -> Void) throws -> [String] {
        let seen = Mutex<[String]>([])
        try ledger.database.writeWithoutTransaction { db in
            db.trace(options: .statement) { event in
                if case .statement(let statement) = event { seen.withLock { $0.append(statement.expandedSQL) } }
            }
        }
        try body()
        try ledger.database.writeWithoutTransaction { db in db.trace(options: .statement, nil) }
        return seen.withLock { $0 }
    }

    @Test func noStatementOfASendStatusOrBounceScansTheDeliveries() throws {
        let ledger = try Ledger.open(at: file)
        try ledger.suppress(["reader7@example.org"], reason: "unsubscribed")

        let run = try statements(of: ledger) {
            let mailing = try ledger.recordIssue(to: (0..<50).map { "reader\($0)@example.org" })
            let deliveries = try ledger.deliveriesToSend(of: mailing)
            let results = deliveries.map { DeliveryResult(deliveryID: $0.id, state: .sent, reply: "250 ok") }
            _ = try ledger.record(results, probing: ["reader1@example.org", "reader7@example.org"])
            _ = try ledger.completeIfDone(mailing)
            _ = try ledger.deliveryCounts(of: mailing)
            _ = try ledger.deliveries(of: mailing, in: .sent)
            let targets = try ledger.bounceTargets(deliveryIDs: deliveries.prefix(2).map(\.id))
            let target = try #require(try ledger.lastSentDelivery(to: "reader2@example.org"))
            _ = try ledger.recordBounce(
                report: "id:<r1@x>",
                target: target,
                kind: .soft,
                status: "4.2.2",
                detail: "full",
                softLimit: 3
            )
            #expect(targets.count == 2)
        }

        let onDeliveries = run.filter { $0.contains("delivery") && !$0.hasPrefix("INSERT") }
        #expect(onDeliveries.count >= 8, "the run did not reach the delivery queries: \(onDeliveries)")
        for sql in onDeliveries {
            let plan = try ledger.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }
            }
            #expect(!plan.contains { $0.hasPrefix("SCAN delivery") || $0.hasPrefix("SCAN d") }, "\(sql)\n\(plan)")
        }
    }

    /// SQLite runs `x IN (more than two constants)` by filling a temporary b-tree, once for every
    /// statement that runs it: in the check of a delivery's state, that was once per message.
    @Test func noStatementThatWritesADeliveryBuildsATemporaryTable() throws {
        let ledger = try Ledger.open(at: file)
        let run = try statements(of: ledger) {
            let mailing = try ledger.recordIssue(to: (0..<5).map { "reader\($0)@example.org" })
            let deliveries = try ledger.deliveriesToSend(of: mailing)
            try ledger.record([
                DeliveryResult(deliveryID: deliveries[0].id, state: .sent, reply: "250 ok"),
                DeliveryResult(deliveryID: deliveries[1].id, state: .deferred, reply: "451 later"),
            ])
        }

        let writes = run.filter { ($0.hasPrefix("INSERT") || $0.hasPrefix("UPDATE")) && $0.contains("delivery") }
        #expect(writes.contains { $0.hasPrefix("INSERT") }, "no delivery was inserted: \(run)")
        #expect(writes.contains { $0.hasPrefix("UPDATE") }, "no outcome was written: \(run)")
        for sql in writes {
            let buildsTable = try ledger.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN " + sql).contains { $0["opcode"] == "OpenEphemeral" }
            }
            #expect(!buildsTable, "\(sql)")
        }
    }

    /// A sign-up, its confirmation, a reader's data and erasure run on every request a stranger can
    /// send: none of their statements may scan a table that grows with the list.
    @Test func noStatementOfASignUpOrAReadersPageScansATable() throws {
        let ledger = try Ledger.open(at: file)
        _ = try ledger.recordIssue(to: (0..<20).map { "reader\($0)@example.org" })
        let now = Int64(Date().timeIntervalSince1970)
        let run = try statements(of: ledger) {
            let request = SignUpRequest(
                email: "new@example.org",
                name: "",
                topics: [],
                consent: "c",
                form: "f",
                clientAddress: nil,
                nonce: "0a",
                confirmationLink: "l",
                manageLink: "m",
                now: now
            )
            _ = try ledger.signUp(request, linkLifetime: 604_800) { _ in .requested }
            _ = try ledger.signUpAddress(nonce: "0a")
            _ = try ledger.confirm(nonce: "0a", issuedAt: now, now: now + 1, erasedHash: "h")
            _ = try ledger.dueLetters(now: now)
            _ = try ledger.readerData("reader3@example.org")
            try ledger.setChoices(topics: ["T"], editionChoice: .topics, for: "reader4@example.org", isListed: true)
            _ = try ledger.forget("reader5@example.org", hash: "h5")
        }
        let queries = run.filter { !$0.hasPrefix("PRAGMA") && !$0.hasPrefix("BEGIN") && !$0.hasPrefix("COMMIT") }
        #expect(queries.count >= 20, "the run did not reach the readers' statements: \(queries)")
        for sql in queries {
            let plan = try ledger.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }
            }
            // The letter queue is counted with a LIMIT (the list's hourly cap): a bounded read.
            let bounded = sql.contains("FROM (SELECT 1 FROM letter LIMIT ")
            #expect(bounded || !plan.contains { $0.hasPrefix("SCAN ") }, "\(sql)\n\(plan)")
        }
    }
}
