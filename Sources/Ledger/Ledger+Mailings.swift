import Foundation
import GRDB
import NewsletterCore

#if canImport(Glibc)
import Glibc
#endif

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

    /// How many recipients one transaction of a mailing's recording takes: short enough that a
    /// reader's unsubscribe, waiting for the write lock meanwhile, is answered within milliseconds.
    package static let defaultRecordingChunk = 500
    /// How many chunks of a recording go by between checkpoints (``checkpoint()``).
    static let chunksBetweenCheckpoints = 5

    /// Records a new mailing and the items it carries, then one pending delivery per recipient in
    /// chunks of `chunkSize` (``recordRecipients(of:recipients:accepts:token:forgottenHash:chunkSize:afterChunk:)``).
    ///
    /// Until its last chunk is in, the mailing is not ``Mailing/isRecorded`` and nothing of it is
    /// sent; a crash between chunks leaves it so, and the next run finishes recording it (every
    /// insert is idempotent) before sending. `token`, when given, makes each recipient's unsubscribe
    /// token (see ``readerAddress(forToken:)``).
    package func record(
        _ bulletin: Bulletin,
        rendered: RenderedBulletin,
        recipients: ((Subscriber) throws -> Void) throws -> Void,
        accepts: (Subscriber) -> Bool = { _ in true },
        token: ((Subscriber) -> String)? = nil,
        forgottenHash: ((String) -> String)? = nil,
        chunkSize: Int = defaultRecordingChunk,
        afterChunk: ((Int) -> Void)? = nil
    ) throws(NewsletterError) -> Mailing {
        let mailing = try write { db in
            let record = MailingRecord(
                kind: bulletin.kind.rawValue,
                number: bulletin.number,
                topic: bulletin.topic,
                date: bulletin.date.iso,
                subject: rendered.subject,
                textBody: rendered.text,
                htmlBody: rendered.html,
                createdAt: Self.now(),
                recordedAt: nil,
                sections: RenderedSection.stored(rendered.sections)
            )
            try record.insert(db)
            let mailingID = db.lastInsertedRowID
            for (position, item) in bulletin.items.enumerated() {
                try MailingItemRecord(mailingId: mailingID, itemId: item.id, position: position).insert(db)
            }
            return try Mailing(MailingRecord.find(db, key: mailingID))
        }
        return try recordRecipients(
            of: mailing,
            recipients: recipients,
            accepts: accepts,
            token: token,
            forgottenHash: forgottenHash,
            chunkSize: chunkSize,
            afterChunk: afterChunk
        )
    }

    /// Records one pending delivery of `mailing` per recipient, `chunkSize` to a transaction, then
    /// marks it recorded; returns it as recorded. Resumes a recording a crash cut short: a recipient
    /// that already has a delivery is passed over.
    ///
    /// `recipients` hands each recipient to the closure it receives, in list order, so that the
    /// list is streamed, never held. Duplicate addresses (compared case-insensitively) and
    /// suppressed addresses get no delivery. The readers the database knows join the file's (see
    /// ``RegisteredReader``): an active one's own choice of topics wins over the file's row, active
    /// ones the file lacks are added, and `accepts` (an alert's topic) is asked of each as the
    /// mailing sees them. An address on the erased list (`forgottenHash` gives its keyed hash) gets
    /// nothing. `afterChunk` is told how many chunks are in after each one.
    package func recordRecipients(
        of mailing: Mailing,
        recipients: ((Subscriber) throws -> Void) throws -> Void,
        accepts: (Subscriber) -> Bool = { _ in true },
        token: ((Subscriber) -> String)? = nil,
        forgottenHash: ((String) -> String)? = nil,
        chunkSize: Int = defaultRecordingChunk,
        afterChunk: ((Int) -> Void)? = nil
    ) throws(NewsletterError) -> Mailing {
        // `accepts` is only called inside this call; the list's stream calls back into a closure that uses it.
        try withoutActuallyEscaping(accepts) { accepts throws(NewsletterError) in
            try recordRecipients(
                of: mailing,
                recipients: recipients,
                escapingAccepts: accepts,
                token: token,
                forgottenHash: forgottenHash,
                chunkSize: chunkSize,
                afterChunk: afterChunk
            )
        }
    }

    private func recordRecipients(
        of mailing: Mailing,
        recipients: ((Subscriber) throws -> Void) throws -> Void,
        escapingAccepts accepts: @escaping (Subscriber) -> Bool,
        token: ((Subscriber) -> String)?,
        forgottenHash: ((String) -> String)?,
        chunkSize: Int,
        afterChunk: ((Int) -> Void)?
    ) throws(NewsletterError) -> Mailing {
        do {
            return try recordChunks(
                of: mailing,
                recipients: recipients,
                accepts: accepts,
                token: token,
                forgottenHash: forgottenHash,
                chunkSize: chunkSize,
                afterChunk: afterChunk
            )
        } catch {
            // A recording that fails (an unreadable list, a full disk) is undone, so that the next run
            // composes afresh; one that a crash cuts short is finished by the next run instead. If the
            // undoing fails too, the mailing stays unrecorded and the next run finishes it.
            try? discardRecording(of: mailing, chunkSize: chunkSize)
            throw error
        }
    }

    /// Deletes `mailing`, which is still being recorded and so was never sent, a chunk of its
    /// deliveries per transaction, then its items and row.
    private func discardRecording(of mailing: Mailing, chunkSize: Int) throws(NewsletterError) {
        try deleteDeliveries(ofMailing: mailing.id, chunkSize: chunkSize)
        try write { db in
            try db.execute(
                sql: "DELETE FROM mailing WHERE id = ? AND recordedAt IS NULL",
                arguments: [mailing.id]
            )
        }
    }

    private func recordChunks(
        of mailing: Mailing,
        recipients: ((Subscriber) throws -> Void) throws -> Void,
        accepts: @escaping (Subscriber) -> Bool,
        token: ((Subscriber) -> String)?,
        forgottenHash: ((String) -> String)?,
        chunkSize: Int,
        afterChunk: ((Int) -> Void)?
    ) throws(NewsletterError) -> Mailing {
        let chunkSize = max(1, chunkSize)
        var chunks = 0
        var buffer: [Subscriber] = []
        buffer.reserveCapacity(chunkSize)
        var editions = try read { db in try EditionBook(db, mailing: mailing) }
        func flush() throws(NewsletterError) {
            guard !buffer.isEmpty else { return }
            let batch = buffer
            buffer.removeAll(keepingCapacity: true)
            let before = editions
            do {
                try write { db in
                    var insert = try DeliveryInserter(
                        db,
                        mailingID: mailing.id,
                        token: token,
                        forgottenHash: forgottenHash
                    )
                    for listed in batch {
                        let subscriber = try insert.withReadersChoice(listed)
                        if accepts(subscriber) {
                            try insert.add(subscriber, copy: try editions.copy(for: subscriber, db))
                        }
                    }
                }
            } catch {
                editions = before
                throw error
            }
            chunks += 1
            if chunks % Self.chunksBetweenCheckpoints == 0 { checkpoint() }
            afterChunk?(chunks)
        }
        do {
            try recipients { subscriber in
                buffer.append(subscriber)
                if buffer.count >= chunkSize { try flush() }
            }
        } catch let error as NewsletterError {
            throw error
        } catch {
            throw NewsletterError(.ioFailure, "cannot read the recipients: \(error)")
        }
        try flush()
        // Active readers the file lacks, in key order a chunk at a time; one the file has already
        // has its delivery (INSERT OR IGNORE).
        var afterKey = ""
        while true {
            let readers = try read { db in
                try ReaderRecord.fetchAll(
                    db,
                    sql: "SELECT * FROM reader WHERE state = 'active' AND emailKey > ? ORDER BY emailKey LIMIT ?",
                    arguments: [afterKey, chunkSize]
                )
            }
            guard let last = readers.last else { break }
            afterKey = last.emailKey
            buffer = readers.map { Self.reader($0).subscriber }
            try flush()
        }
        return try write { db in
            try db.execute(
                sql: "UPDATE mailing SET recordedAt = COALESCE(recordedAt, ?) WHERE id = ?",
                arguments: [Self.now(), mailing.id]
            )
            _ = try Self.completeIfDone(db, mailingID: mailing.id)
            return try Mailing(MailingRecord.find(db, key: mailing.id))
        }
    }

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
                    SELECT id, \(DeliveryInserter.address) AS email, name, attempts, edition FROM delivery
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
        let now = Self.now()
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

    // MARK: - Helpers

    static func completeIfDone(_ db: Database, mailingID: Int64) throws -> Bool {
        let now = now()
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

    /// The current time as an ISO 8601 UTC timestamp (`2026-11-22T05:32:28Z`), as the ledger stores times.
    ///
    /// Formatted by hand from `gmtime_r` into 20 bytes: Foundation's date formatting loads ICU,
    /// megabytes that a bulk send does not need, and the send stamps every outcome.
    static func now(offsetSeconds: Int = 0) -> String {
        timestamp(secondsSince1970: Int64(time(nil)) + Int64(offsetSeconds))
    }

    /// The ISO 8601 UTC timestamp of `secondsSince1970`, as the ledger stores times.
    package static func timestamp(secondsSince1970: Int64) -> String {
        var seconds = time_t(secondsSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var bytes = Array("0000-00-00T00:00:00Z".utf8)
        func put(_ value: Int32, at end: Int, width: Int = 2) {
            var rest = max(0, Int(value))
            for index in stride(from: end, to: end - width, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        put(parts.tm_year + 1900, at: 3, width: 4)
        put(parts.tm_mon + 1, at: 6)
        put(parts.tm_mday, at: 9)
        put(parts.tm_hour, at: 12)
        put(parts.tm_min, at: 15)
        put(parts.tm_sec, at: 18)
        return String(decoding: bytes, as: UTF8.self)
    }
}
