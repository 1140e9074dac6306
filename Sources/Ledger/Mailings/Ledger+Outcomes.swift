import GRDB
import NewsletterCore

extension Ledger {
    /// Up to `limit` deliveries of `mailing` still to send (pending or deferred) with an id above
    /// `afterID`, in id order.
    package func deliveriesToSend(
        of mailing: Mailing,
        after afterID: Int64 = 0,
        limit: Int = 256
    ) throws(NewsletterError) -> [Delivery] {
        try read { db in
            try Delivery.fetchAll(
                db,
                sql: """
                    SELECT id, \(DeliveryInserter.address) AS email, name, attempts, edition,
                        (SELECT linksFrom FROM reader WHERE reader.emailKey = delivery.emailKey) AS linkGeneration
                    FROM delivery
                    WHERE mailingId = ? AND state IN ('pending', 'deferred') AND id > ?
                      AND emailKey NOT IN (SELECT emailKey FROM suppression)
                    ORDER BY id LIMIT ?
                    """,
                arguments: [mailing.id, afterID, limit]
            )
        }
    }

    /// Records the outcome of delivery attempts, in one transaction.
    ///
    /// A `sent` result must only be recorded after the server's final 250 for that copy.
    package func record(_ results: [DeliveryResult]) throws(NewsletterError) {
        _ = try record(results, probing: [])
    }

    /// Records the outcome of delivery attempts and returns which of `emailKeys` (lower-cased
    /// addresses) are on the suppression list, both in one transaction.
    ///
    /// The send's recorder answers each worker's "may this reader still be sent to?" here, on the
    /// connection that commits the outcomes: the answer sees every commit made before the call,
    /// and no second connection's reads contend with the commits for SQLite's locks.
    package func record(
        _ results: [DeliveryResult],
        probing emailKeys: [String]
    ) throws(NewsletterError) -> Set<String> {
        guard !results.isEmpty else {
            guard !emailKeys.isEmpty else { return [] }
            // Nothing to write: the probes run in SQLite's autocommit mode, a read transaction each.
            do {
                return try database.writeWithoutTransaction { db in try Self.suppressed(among: emailKeys, db) }
            } catch {
                throw Self.failure(error, file: file, action: "read")
            }
        }
        return try commit { db in
            try Self.recordOutcomes(results, db)
            return try Self.suppressed(among: emailKeys, db)
        }
    }

    /// Which of `emailKeys` are on the suppression list.
    private static func suppressed(among emailKeys: [String], _ db: Database) throws -> Set<String> {
        guard !emailKeys.isEmpty else { return [] }
        let probe = try db.cachedStatement(sql: "SELECT 1 FROM suppression WHERE emailKey = ?")
        var found: Set<String> = []
        for key in emailKeys {
            probe.setUncheckedArguments([key])
            if try Bool.fetchOne(probe) != nil { found.insert(key) }
        }
        return found
    }

    /// Marks each delivery with its outcome, and suppresses the addresses an outcome says to.
    private static func recordOutcomes(_ results: [DeliveryResult], _ db: Database) throws {
        let update = try db.cachedStatement(
            sql: """
                UPDATE delivery SET state = ?, reply = ?, attempts = attempts + 1, updatedAt = ? WHERE id = ?
                """
        )
        let now = Clock.system.timestamp()
        for result in results {
            update.setUncheckedArguments([
                result.state.rawValue, result.reply, now, result.deliveryID,
            ])
            try update.execute()
            if let reason = result.suppressionReason {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO suppression (emailKey, email, reason, createdAt)
                        SELECT emailKey, \(DeliveryInserter.address), ?, ? FROM delivery WHERE id = ?
                        """,
                    arguments: [reason, now, result.deliveryID]
                )
            }
        }
    }
}
