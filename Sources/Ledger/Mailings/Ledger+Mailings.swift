import Foundation
import GRDB
import NewsletterCore

extension Ledger {
    /// The ids of every item a mailing of `kind` has carried.
    package func carriedItemIDs(kind: Bulletin.Kind) throws(NewsletterError) -> Set<String> {
        try read { db in
            Set(
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT itemId FROM mailingItem JOIN mailing ON mailing.id = mailingItem.mailingId
                        WHERE mailing.kind = ?
                        """,
                    arguments: [kind.rawValue]
                )
            )
        }
    }

    /// The number the next mailing of `kind` gets.
    package func nextNumber(kind: Bulletin.Kind) throws(NewsletterError) -> Int {
        try read { db in
            (try Int.fetchOne(db, sql: "SELECT MAX(number) FROM mailing WHERE kind = ?", arguments: [kind.rawValue])
                ?? 0) + 1
        }
    }

    /// The most recent mailing of `kind`.
    package func lastMailing(kind: Bulletin.Kind) throws(NewsletterError) -> Mailing? {
        try read { db in
            try MailingRecord.fetchOne(
                db,
                sql: "SELECT * FROM mailing WHERE kind = ? ORDER BY number DESC LIMIT 1",
                arguments: [kind.rawValue]
            )
            .map(Mailing.init)
        }
    }

    /// The oldest mailing of `kind` that still has deliveries pending or deferred.
    package func unfinishedMailing(kind: Bulletin.Kind) throws(NewsletterError) -> Mailing? {
        try read { db in
            try MailingRecord.fetchOne(
                db,
                sql: "SELECT * FROM mailing WHERE kind = ? AND completedAt IS NULL ORDER BY number LIMIT 1",
                arguments: [kind.rawValue]
            )
            .map(Mailing.init)
        }
    }

    /// Marks `mailing` complete when no delivery of it is pending or deferred (suppressed addresses
    /// still waiting are marked failed). Returns whether it is complete.
    @discardableResult
    package func completeIfDone(_ mailing: Mailing) throws(NewsletterError) -> Bool {
        try write { db in try Self.completeIfDone(db, mailingID: mailing.id) }
    }

    /// Counts of `mailing`'s deliveries by state.
    package func deliveryCounts(of mailing: Mailing) throws(NewsletterError) -> [DeliveryState: Int] {
        try read { db in
            if let collapsed = try collapsedCounts(of: mailing, db) { return collapsed }
            return try GroupCount.fetchAll(
                db,
                sql: "SELECT state AS key, COUNT(*) AS count FROM delivery WHERE mailingId = ? GROUP BY state",
                arguments: [mailing.id]
            )
            .keyed(by: DeliveryState.self)
        }
    }

    /// The deliveries of `mailing` in `state`, with their last reply, in id order (at most `limit`).
    package func deliveries(
        of mailing: Mailing,
        in state: DeliveryState,
        limit: Int = 20
    ) throws(NewsletterError) -> [(email: String, reply: String)] {
        try read { db in
            try DeliveryReplyRecord.fetchAll(
                db,
                sql: """
                    SELECT \(DeliveryInserter.address) AS email, reply FROM delivery
                    WHERE mailingId = ? AND state = ? ORDER BY id LIMIT ?
                    """,
                arguments: [mailing.id, state.rawValue, limit]
            )
            .map { (email: $0.email, reply: $0.reply ?? "") }
        }
    }

    static func completeIfDone(_ db: Database, mailingID: Int64) throws -> Bool {
        let now = Clock.system.timestamp()
        try db.execute(
            sql: """
                UPDATE delivery SET state = 'failed',
                    reply = 'suppressed: ' || (SELECT reason FROM suppression s WHERE s.emailKey = delivery.emailKey),
                    updatedAt = ?
                WHERE mailingId = ? AND state IN ('pending', 'deferred')
                    AND emailKey IN (SELECT emailKey FROM suppression)
                """,
            arguments: [now, mailingID]
        )
        let open =
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM delivery WHERE mailingId = ? AND state IN ('pending', 'deferred')",
                arguments: [mailingID]
            ) ?? 0
        guard open == 0 else { return false }
        try db.execute(
            sql: "UPDATE mailing SET completedAt = COALESCE(completedAt, ?) WHERE id = ? AND recordedAt IS NOT NULL",
            arguments: [now, mailingID]
        )
        // A mailing still being recorded is never complete, whatever its chunks so far hold.
        let complete = try Bool.fetchOne(
            db,
            sql: "SELECT completedAt IS NOT NULL FROM mailing WHERE id = ?",
            arguments: [mailingID]
        )
        return complete ?? false
    }
}
