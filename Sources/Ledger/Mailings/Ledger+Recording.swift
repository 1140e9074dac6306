import GRDB
import NewsletterCore

extension Ledger {
    /// How many chunks of a recording go by between checkpoints (``checkpoint()``).
    static let chunksBetweenCheckpoints = 5

    /// Records a new mailing and the items it carries, then its deliveries
    /// (``recordDeliveries(of:_:)``).
    ///
    /// Until its last chunk is in, the mailing is not ``Mailing/isRecorded`` and nothing of it is
    /// sent; a crash between chunks leaves it so, and the next run finishes recording it (every
    /// insert is idempotent) before sending.
    package func record(
        _ bulletin: Bulletin,
        rendered: RenderedBulletin,
        _ recording: Recording
    ) throws(NewsletterError) -> Mailing {
        try recordDeliveries(of: try insertMailing(bulletin, rendered: rendered), recording)
    }

    /// Records an issue that went out before the list came here (`import`): its items count as
    /// carried and the web archive shows it. It has no deliveries: one transaction writes it
    /// recorded and complete, so no send ever finds it unfinished.
    package func recordPastIssue(_ bulletin: Bulletin, rendered: RenderedBulletin) throws(NewsletterError) -> Mailing {
        try insertMailing(bulletin, rendered: rendered, past: true)
    }

    /// Records one delivery of `mailing` per reader its ``Mailing/audience`` admits, a chunk of
    /// readers to a transaction, then marks it recorded; returns it as recorded. Resumes a
    /// recording a crash cut short: a reader who already has a delivery is passed over.
    ///
    /// The readers are the subscriber file's rows (`recording.listedReaders`), then the active
    /// readers the database knows that the file lacks; one delivery per address (compared
    /// case-insensitively). A recording that fails (an unreadable list, a full disk) is undone, so
    /// that the next run composes afresh.
    package func recordDeliveries(of mailing: Mailing, _ recording: Recording) throws(NewsletterError) -> Mailing {
        do {
            var chunks = try ChunkWriter(ledger: self, mailing: mailing, recording: recording)
            try chunks.addListedReaders()
            try chunks.addRegisteredReaders()
            return try markRecorded(mailing)
        } catch {
            // If the undoing fails too, the mailing stays unrecorded and the next run finishes it.
            try? discardRecording(of: mailing, chunkSize: recording.chunkSize)
            throw error
        }
    }

    /// Inserts the mailing of `bulletin` and the items it carries: not yet recorded, or, for a
    /// `past` issue, recorded and complete.
    private func insertMailing(
        _ bulletin: Bulletin,
        rendered: RenderedBulletin,
        past: Bool = false
    ) throws(NewsletterError) -> Mailing {
        try write { db in
            let now = Clock.system.timestamp()
            let record = MailingRecord(
                kind: bulletin.kind.rawValue,
                number: bulletin.number,
                topic: bulletin.topic,
                date: bulletin.date.iso,
                subject: rendered.subject,
                textBody: rendered.text,
                htmlBody: rendered.html,
                createdAt: now,
                completedAt: past ? now : nil,
                recordedAt: past ? now : nil,
                sections: RenderedSection.stored(rendered.sections)
            )
            try record.insert(db)
            let mailingID = db.lastInsertedRowID
            for (position, item) in bulletin.items.enumerated() {
                try MailingItemRecord(mailingId: mailingID, itemId: item.id, position: position).insert(db)
            }
            return try Mailing(MailingRecord.find(db, key: mailingID))
        }
    }

    /// Marks `mailing` recorded (and complete when it has nothing to send); returns it as it is now.
    private func markRecorded(_ mailing: Mailing) throws(NewsletterError) -> Mailing {
        try write { db in
            try db.execute(
                sql: "UPDATE mailing SET recordedAt = COALESCE(recordedAt, ?) WHERE id = ?",
                arguments: [Clock.system.timestamp(), mailing.id]
            )
            _ = try Self.completeIfDone(db, mailingID: mailing.id)
            return try Mailing(MailingRecord.find(db, key: mailing.id))
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
}

/// The readers of one recording, gathered into chunks and written a chunk to a transaction.
private struct ChunkWriter {
    let ledger: Ledger
    let mailing: Mailing
    let recording: Recording
    let audience: Audience
    /// The readers waiting for the next transaction: the file's row, or a reader only the database knows.
    var buffer: [(listed: Reader?, registered: RegisteredReader?)] = []
    var chunks = 0
    var editions: EditionBook

    init(ledger: Ledger, mailing: Mailing, recording: Recording) throws(NewsletterError) {
        self.ledger = ledger
        self.mailing = mailing
        self.recording = recording
        audience = mailing.audience
        editions = try ledger.read { db in try EditionBook(db, mailing: mailing) }
        buffer.reserveCapacity(recording.chunkSize)
    }

    /// The subscriber file's rows, in file order.
    mutating func addListedReaders() throws(NewsletterError) {
        do {
            try recording.listedReaders { reader in
                buffer.append((reader, nil))
                if buffer.count >= recording.chunkSize { try flush() }
            }
        } catch let error as NewsletterError {
            throw error
        } catch {
            throw NewsletterError(.ioFailure, "cannot read the recipients: \(error)")
        }
        try flush()
    }

    /// Active readers the file lacks, in address order a chunk at a time; one the file had already
    /// has its delivery (INSERT OR IGNORE).
    mutating func addRegisteredReaders() throws(NewsletterError) {
        var afterKey = ""
        while true {
            let readers = try ledger.read { db in
                try ReaderRecord.fetchAll(
                    db,
                    sql: "SELECT * FROM reader WHERE state = 'active' AND emailKey > ? ORDER BY emailKey LIMIT ?",
                    arguments: [afterKey, recording.chunkSize]
                )
            }
            guard let last = readers.last else { return }
            afterKey = last.emailKey
            buffer = readers.map { (nil, Ledger.reader($0)) }
            try flush()
        }
    }

    /// Writes the waiting readers' deliveries in one transaction.
    mutating func flush() throws(NewsletterError) {
        guard !buffer.isEmpty else { return }
        let before = editions
        do {
            try ledger.write { db in
                var inserter = try DeliveryInserter(db, mailingID: mailing.id, recording: recording)
                for (listed, registered) in buffer {
                    try add(listed: listed, registered: registered, with: &inserter, db)
                }
            }
        } catch {
            editions = before
            throw error
        }
        buffer.removeAll(keepingCapacity: true)
        chunks += 1
        if chunks % Ledger.chunksBetweenCheckpoints == 0 { ledger.checkpoint() }
        recording.afterChunk?(chunks)
    }

    /// Asks the audience about one reader, with what the database knows of the address, and
    /// inserts their delivery.
    private mutating func add(
        listed: Reader?,
        registered: RegisteredReader?,
        with inserter: inout DeliveryInserter,
        _ db: Database
    ) throws {
        guard let key = listed?.key ?? registered?.email.lowercased() else { return }
        let decision = audience.decision(
            listed: listed,
            registered: try registered ?? inserter.activeReader(key),
            isSuppressed: try inserter.isSuppressed(key),
            isErased: try inserter.isErased(key)
        )
        switch decision {
        case .none: return
        case .skipped(let reader): try inserter.addSkipped(reader)
        case .recipient(let reader, let edition):
            try inserter.add(reader, editionNumber: try editions.number(of: edition, db))
        }
    }
}
