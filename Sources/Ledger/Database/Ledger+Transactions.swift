import Foundation
import GRDB
import NewsletterCore

extension Ledger {
    /// How a connection waits for another one's write lock: up to 10 seconds in short naps.
    ///
    /// SQLite's own busy timeout sleeps in steps that grow to 100 ms, so one unlucky wait costs a
    /// reader of `serve` or a send's recorder a tenth of a second; here the first half-second of
    /// waiting naps 1 ms at a time, the rest 10 ms.
    static let busyMode = Database.BusyMode.callback { tries in
        usleep(tries < 500 ? 1_000 : 10_000)
        return tries < 1_450
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction whose BEGIN and COMMIT are prepared once.
    ///
    /// The send path commits once per message at one connection (no end of data before the
    /// previous outcome is committed); GRDB's `write` would parse both statements, and set and
    /// clear `query_only`, every time.
    func commit<T>(_ body: (Database) throws -> T) throws(NewsletterError) -> T {
        do {
            return try database.writeWithoutTransaction { db in
                try db.cachedStatement(sql: "BEGIN IMMEDIATE").execute()
                do {
                    let value = try body(db)
                    try db.cachedStatement(sql: "COMMIT").execute()
                    return value
                } catch {
                    if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
                    throw error
                }
            }
        } catch {
            throw Self.failure(error, file: file, action: "write")
        }
    }
}

extension Ledger {
    /// Copies the write-ahead log into the database and truncates it, when no reader needs it.
    ///
    /// SQLite's own checkpoints (after a commit that takes the log past 1,000 pages) copy what they
    /// can but only rewind the log when no reader is using it, and with `serve` reading while a send
    /// writes that moment may never come: the log grew to 2 GB in a million-reader send, and every
    /// commit, a reader's unsubscribe included, then paid for another checkpoint attempt. A send
    /// calls this every few seconds and a recording every few chunks: it waits (up to the busy
    /// timeout) for the readers of the moment to finish, then rewinds the log. A checkpoint that
    /// cannot finish is no failure; the next one will.
    package func checkpoint() {
        _ = try? database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }
}
