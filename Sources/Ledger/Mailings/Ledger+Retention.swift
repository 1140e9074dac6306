import GRDB
import NewsletterCore

extension Ledger {
    /// Collapses every complete mailing that was completed before `cutoff` (an ISO 8601 UTC
    /// timestamp, see `Clock.timestamp(daysAgo:)`): its counts by state are kept on the mailing and its
    /// one row per reader is deleted, `chunkSize` rows to a transaction so that `serve` is never
    /// kept waiting. Returns how many mailings it collapsed.
    ///
    /// A year of a weekly issue to a million readers is 52 million rows; with `retention.deliveryDays`
    /// of 90, about 13 issues' worth are kept. What the rows served is past by then: a bounce report
    /// of a collapsed mailing names a delivery no longer known and is ignored; a reader's soft-bounce
    /// count and `subscribers show` look at recent mailings; an erased reader's rows are gone anyway.
    /// The mailing itself, its items and bodies (the archive, "each item once") stay. A crash
    /// halfway leaves the counts recorded and some rows left, which the next call deletes.
    @discardableResult
    package func collapseDeliveries(
        completedBefore cutoff: String,
        chunkSize: Int = Recording.defaultChunkSize
    ) throws(NewsletterError) -> Int {
        let due = try read { db in
            try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM mailing
                    WHERE completedAt IS NOT NULL AND completedAt < ?
                      AND (collapsedAt IS NULL OR EXISTS (SELECT 1 FROM delivery WHERE mailingId = mailing.id))
                    ORDER BY id
                    """,
                arguments: [cutoff]
            )
        }
        for mailingID in due {
            try write { db in
                let counts = try GroupCount.fetchAll(
                    db,
                    sql: "SELECT state AS key, COUNT(*) AS count FROM delivery WHERE mailingId = ? GROUP BY state",
                    arguments: [mailingID]
                )
                .keyed(by: DeliveryState.self)
                try db.execute(
                    sql: """
                        UPDATE mailing SET collapsedAt = ?, sentCount = ?, failedCount = ?, skippedCount = ?
                        WHERE id = ? AND collapsedAt IS NULL
                        """,
                    arguments: [
                        Clock.system.timestamp(), counts[.sent] ?? 0, counts[.failed] ?? 0, counts[.skipped] ?? 0,
                        mailingID,
                    ]
                )
            }
            try deleteDeliveries(ofMailing: mailingID, chunkSize: chunkSize)
        }
        if !due.isEmpty { checkpoint() }
        return due.count
    }

    /// Deletes every delivery row of the mailing `mailingID`, `chunkSize` to a transaction, so that
    /// a reader's unsubscribe never waits behind the whole deletion.
    func deleteDeliveries(ofMailing mailingID: Int64, chunkSize: Int) throws(NewsletterError) {
        while true {
            let deleted = try write { db in
                try db.execute(
                    sql: "DELETE FROM delivery WHERE id IN (SELECT id FROM delivery WHERE mailingId = ? LIMIT ?)",
                    arguments: [mailingID, max(1, chunkSize)]
                )
                return db.changesCount
            }
            if deleted == 0 { break }
        }
    }

    /// The counts a collapsed mailing kept, or `nil` while it keeps its rows.
    func collapsedCounts(of mailing: Mailing, _ db: Database) throws -> [DeliveryState: Int]? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT sentCount, failedCount, skippedCount FROM mailing WHERE id = ? AND collapsedAt IS NOT NULL
                    """,
                arguments: [mailing.id]
            )
        else { return nil }
        var counts: [DeliveryState: Int] = [.sent: row["sentCount"] ?? 0, .failed: row["failedCount"] ?? 0]
        if let skipped: Int = row["skippedCount"], skipped > 0 { counts[.skipped] = skipped }
        return counts
    }
}
