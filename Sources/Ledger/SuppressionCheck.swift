import Composer
import Foundation
import GRDBSQLite

/// A read-only connection of its own to the state file, answering "is this address suppressed
/// now?" just before each message goes out: an address unsubscribed while a send runs (from
/// `newsletter serve`, say) gets nothing more.
///
/// One per delivery worker, used by that worker's thread alone, so the lookups never queue behind
/// the ledger's writes. Each lookup is one prepared primary-key probe in SQLite's autocommit mode:
/// its own implicit read transaction, so it sees every commit made before it. It speaks to SQLite
/// directly because it runs once per message: GRDB's serialized queue and argument checks cost
/// more than the probe itself.
package final class SuppressionCheck {
    private let connection: OpaquePointer
    private let probe: OpaquePointer
    private let file: URL

    /// Opens `ledger`'s file once more, read-only.
    package init(for ledger: Ledger) throws(NewsletterError) {
        file = ledger.file
        var opened: OpaquePointer?
        let status = sqlite3_open_v2(ledger.file.path, &opened, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(opened)
            throw Self.failure(message, file: ledger.file)
        }
        sqlite3_busy_timeout(opened, 10_000)
        var prepared: OpaquePointer?
        guard
            sqlite3_prepare_v2(opened, "SELECT 1 FROM suppression WHERE emailKey = ?", -1, &prepared, nil)
                == SQLITE_OK,
            let prepared
        else {
            let message = String(cString: sqlite3_errmsg(opened))
            sqlite3_close(opened)
            throw Self.failure(message, file: ledger.file)
        }
        connection = opened
        probe = prepared
    }

    deinit {
        sqlite3_finalize(probe)
        sqlite3_close(connection)
    }

    /// Whether the address whose key (lower-cased address) is `emailKey` is on the suppression list.
    package func isSuppressed(emailKey: String) throws(NewsletterError) -> Bool {
        defer {
            sqlite3_reset(probe)
            sqlite3_clear_bindings(probe)
        }
        // SQLITE_TRANSIENT: SQLite copies the text, which lives only for this call.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        sqlite3_bind_text(probe, 1, emailKey, -1, transient)
        switch sqlite3_step(probe) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw Self.failure(String(cString: sqlite3_errmsg(connection)), file: file)
        }
    }

    private static func failure(_ message: String, file: URL) -> NewsletterError {
        NewsletterError(.ioFailure, "cannot read the state database: \(message)", context: file.path)
    }
}
