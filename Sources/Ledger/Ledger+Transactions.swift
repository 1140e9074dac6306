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
