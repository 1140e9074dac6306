import Foundation
import GRDB
import NewsletterCore

/// The state database: what each issue and alert carried, and the delivery of each to each reader.
///
/// One SQLite file (WAL mode, synchronous commits). Before a mailing's first message goes out, it
/// is recorded with its items, its rendered bodies and one pending delivery per recipient, in
/// short transactions of a chunk of recipients each; each delivery is then marked as soon as the
/// server's final reply arrives. A crash or a power cut at any moment leaves the file consistent,
/// and the next run finishes recording, then resumes the unfinished mailing.
///
/// `preview`, `check` and `status` open it read-only (``openReadOnly(at:)``) and never create it.
package final class Ledger: Sendable {
    /// The database file.
    package let file: URL
    let database: DatabaseQueue

    private init(file: URL, database: DatabaseQueue) {
        self.file = file
        self.database = database
    }

    /// Opens the state file for writing, creating it and bringing its schema up to date.
    ///
    /// A new state file is created readable by its owner alone, whatever the umask: it maps every
    /// reader's token to their address. SQLite gives its write-ahead log and shared-memory files the
    /// database file's mode.
    package static func open(at file: URL) throws(NewsletterError) -> Ledger {
        try PrivateFile.createEmptyIfMissing(file)
        var configuration = GRDB.Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = Ledger.busyMode
        configuration.prepareDatabase { db in
            // Deleted rows are overwritten with zeros, not left in free space: an erased reader's
            // address must be gone from the file's bytes (`subscribers forget`).
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        do {
            let queue = try DatabaseQueue(path: file.path, configuration: configuration)
            // WAL with synchronous=FULL: each commit is on the disk (fdatasync of the log) before it
            // returns, so a power cut or a kernel crash loses no recorded outcome, no unsubscribe.
            // The send's recorder commits many outcomes at once, so the cost is shared (group commit).
            // Set here, on the queue's one connection: GRDB's WAL set-up sets NORMAL after
            // `prepareDatabase` runs.
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try LedgerSchema.migrator.migrate(queue)
            return Ledger(file: file, database: queue)
        } catch {
            throw Self.failure(error, file: file, action: "open")
        }
    }

    /// Opens the state file read-only; `nil` when it does not exist yet (nothing has been sent).
    package static func openReadOnly(at file: URL) throws(NewsletterError) -> Ledger? {
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        configuration.busyMode = Ledger.busyMode
        do {
            let queue = try DatabaseQueue(path: file.path, configuration: configuration)
            let applied = try queue.read { db in try LedgerSchema.migrator.appliedIdentifiers(db) }
            let known = Set(LedgerSchema.migrator.migrations)
            guard applied.isSubset(of: known) else {
                throw NewsletterError(
                    .badData,
                    "was written by a newer version of newsletter; upgrade it",
                    context: file.path
                )
            }
            guard applied == known else {
                // An older schema: read it through a migrated copy in memory, never touching the file.
                let copy = try DatabaseQueue()
                try queue.backup(to: copy)
                try LedgerSchema.migrator.migrate(copy)
                return Ledger(file: file, database: copy)
            }
            return Ledger(file: file, database: queue)
        } catch let error as NewsletterError {
            throw error
        } catch {
            throw Self.failure(error, file: file, action: "read")
        }
    }

    /// A ``NewsletterError`` for a database failure.
    static func failure(_ error: any Error, file: URL, action: String) -> NewsletterError {
        if let error = error as? NewsletterError { return error }
        if let error = error as? DatabaseError {
            // SQLite says "full" only when a page write fails; growing the write-ahead log's index
            // (`-shm`) on a full disk is a plain I/O error. Either way, say what to do.
            if error.resultCode == .SQLITE_FULL || (error.resultCode == .SQLITE_IOERR && isFull(near: file)) {
                return NewsletterError(
                    .ioFailure,
                    "the disk is full; free some space and run again",
                    context: file.path
                )
            }
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return NewsletterError(
                    .badData,
                    "is not a newsletter state database (or is damaged); move it aside or fix the config's state path",
                    context: file.path
                )
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return NewsletterError(
                    .temporaryFailure,
                    "the state database is busy; try again in a moment",
                    context: file.path
                )
            case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM:
                return NewsletterError(
                    .ioFailure,
                    "cannot \(action) the state database (\(error.message ?? "permission denied")); check the file "
                        + "and folder permissions",
                    context: file.path
                )
            default:
                return NewsletterError(
                    .ioFailure,
                    "cannot \(action) the state database: \(error.message ?? "\(error.resultCode)")",
                    context: file.path
                )
            }
        }
        return NewsletterError(.ioFailure, "cannot \(action) the state database: \(error)", context: file.path)
    }

    /// Whether the file system that holds `file` has (next to) no room left: under 64 KB for its user.
    static func isFull(near file: URL) -> Bool {
        var status = statvfs()
        guard statvfs(file.deletingLastPathComponent().path, &status) == 0 else { return false }
        return UInt64(status.f_bavail) * UInt64(status.f_frsize) < 65_536
    }

    /// Runs `body` in a read transaction, turning database errors into ``NewsletterError``s.
    func read<T>(_ body: (Database) throws -> T) throws(NewsletterError) -> T {
        do { return try database.read(body) } catch { throw Self.failure(error, file: file, action: "read") }
    }

    /// Runs `body` in a write transaction, turning database errors into ``NewsletterError``s.
    func write<T>(_ body: (Database) throws -> T) throws(NewsletterError) -> T {
        do { return try database.write(body) } catch { throw Self.failure(error, file: file, action: "write") }
    }
}
