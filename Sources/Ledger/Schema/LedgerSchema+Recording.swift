import GRDB

extension LedgerSchema {
    /// Migration "v10-recording": a mailing is recorded in chunks, and `recordedAt` says when the
    /// last chunk went in. Until then (NULL) it is never sent: the next `send` finishes recording
    /// it first. Every mailing recorded before this migration was recorded whole.
    static func recordMailingsInChunks(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE mailing ADD COLUMN recordedAt TEXT;
                UPDATE mailing SET recordedAt = createdAt;
                """
        )
    }
}
