import Composer
import Foundation
import GRDB

/// A read-only connection of its own to the state file, answering "is this address suppressed
/// now?" just before each message goes out: an address unsubscribed while a send runs (from
/// `newsletter serve`, say) gets nothing more.
///
/// One per delivery worker, so the lookups never queue behind the ledger's writes. Each lookup is
/// one primary-key probe in SQLite's autocommit mode (its own implicit read transaction, with no
/// BEGIN or COMMIT to run), so it sees every commit made before it and costs a few microseconds.
package final class SuppressionCheck: Sendable {
    private let database: DatabaseQueue
    private let file: URL

    /// Opens `ledger`'s file once more, read-only.
    package init(for ledger: Ledger) throws(NewsletterError) {
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        configuration.busyMode = Ledger.busyMode
        file = ledger.file
        do { database = try DatabaseQueue(path: ledger.file.path, configuration: configuration) } catch {
            throw Ledger.failure(error, file: ledger.file, action: "read")
        }
    }

    /// Whether the address whose key (lower-cased address) is `emailKey` is on the suppression list.
    package func isSuppressed(emailKey: String) throws(NewsletterError) -> Bool {
        do {
            return try database.inDatabase { db in
                try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT 1 FROM suppression WHERE emailKey = ?"),
                    arguments: [emailKey]
                ) != nil
            }
        } catch {
            throw Ledger.failure(error, file: file, action: "read")
        }
    }
}
