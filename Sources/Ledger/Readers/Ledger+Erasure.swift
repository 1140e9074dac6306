import GRDB
import NewsletterCore

extension Ledger {
    /// What erasing an address removed.
    package struct Erasure: Sendable, Equatable {
        /// Whether the database held the address at all (a reader, a suppression, a delivery, a token…).
        package var wasKnown: Bool
        /// Past deliveries kept as counts, their address replaced by the keyed hash.
        package var deliveries: Int
    }

    /// Erases `email`: its reader row, letters, tokens, suppression and bounce findings are deleted,
    /// and its past deliveries keep only their state, under the keyed hash `hash` (so the counts of
    /// past mailings stand). `hash` goes on the erased list: a later mailing skips the address unless
    /// it signs up anew.
    ///
    /// Deleted bytes are overwritten in the file (`secure_delete`, on for every connection), and the
    /// write-ahead log is emptied afterwards, so the address is nowhere in the state files.
    package func forget(_ email: String, hash: String) throws(NewsletterError) -> Erasure {
        let key = email.lowercased()
        let erasure = try write { db in
            var known = false
            for table in ["reader", "letter", "recentLetter", "readerToken", "suppression", "bounceFinding"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE emailKey = ?", arguments: [key])
                known = known || db.changesCount > 0
            }
            // The letter limits count per mailbox (`+tags` folded).
            try db.execute(
                sql: "DELETE FROM recentLetter WHERE emailKey = ?",
                arguments: [AddressKey.limitKey(of: key)]
            )
            // A mailing still under way sends the address nothing more.
            try db.execute(
                sql: "UPDATE delivery SET state = 'failed' WHERE emailKey = ? AND state IN ('pending', 'deferred')",
                arguments: [key]
            )
            // One delivery per mailing and address, so the hash keeps (mailingId, emailKey) unique.
            try db.execute(
                sql: """
                    UPDATE delivery SET emailKey = ?, email = '', name = '', reply = NULL, messageId = NULL
                    WHERE emailKey = ?
                    """,
                arguments: ["#" + hash, key]
            )
            let deliveries = db.changesCount
            try db.execute(
                sql: "INSERT OR REPLACE INTO forgotten (hash, forgottenAt) VALUES (?, ?)",
                arguments: [hash, Clock.system.timestamp()]
            )
            return Erasure(wasKnown: known || deliveries > 0, deliveries: deliveries)
        }
        try emptyWriteAheadLog()
        return erasure
    }

    /// Whether the keyed hash `hash` is on the erased list.
    package func isForgotten(hash: String) throws(NewsletterError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM forgotten WHERE hash = ?)", arguments: [hash])
                ?? false
        }
    }

    /// Copies the write-ahead log into the database and truncates it to nothing, so that no older
    /// page image (with erased bytes in it) stays in the log. Waits out other connections' reads.
    func emptyWriteAheadLog() throws(NewsletterError) {
        do {
            try database.writeWithoutTransaction { db in
                let result = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                if let busy: Int = result?[0], busy != 0 {
                    throw NewsletterError(
                        .temporaryFailure,
                        "the address is erased, but another process kept the state database's log busy; "
                            + "run the command again to empty the log",
                        context: file.path
                    )
                }
            }
        } catch {
            throw Self.failure(error, file: file, action: "write")
        }
    }
}
