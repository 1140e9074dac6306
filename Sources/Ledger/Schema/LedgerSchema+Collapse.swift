import GRDB

extension LedgerSchema {
    /// Migration "v11-collapsed-mailings": a complete mailing older than `retention.deliveryDays`
    /// keeps its counts and loses its one row per reader (``Ledger/collapseDeliveries(completedBefore:chunkSize:)``).
    /// `collapsedAt` says when; `sentCount` and `failedCount` are its deliveries by final state.
    static func collapseOldMailings(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE mailing ADD COLUMN collapsedAt TEXT;
                ALTER TABLE mailing ADD COLUMN sentCount INTEGER;
                ALTER TABLE mailing ADD COLUMN failedCount INTEGER;
                """
        )
    }
}
