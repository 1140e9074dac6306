import GRDB

extension LedgerSchema {
    /// Migration "v5-bounces": what delivery reports, complaints and mailed unsubscribes found.
    static func createBounceFindings(_ db: Database) throws {
        try db.execute(
            sql: """
                -- One row per report and address: the key makes a rerun (or a run after a crash) count a
                -- report once. reportKey is the report's Message-ID, or a digest of its bytes.
                CREATE TABLE bounceFinding (
                    reportKey TEXT NOT NULL,
                    emailKey TEXT NOT NULL,
                    email TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('hard', 'soft', 'complaint', 'unsubscribe')),
                    status TEXT,
                    detail TEXT NOT NULL DEFAULT '',
                    deliveryId INTEGER REFERENCES delivery(id) ON DELETE SET NULL,
                    mailingId INTEGER REFERENCES mailing(id) ON DELETE SET NULL,
                    createdAt TEXT NOT NULL,
                    PRIMARY KEY (reportKey, emailKey)
                ) WITHOUT ROWID;
                CREATE INDEX bounceFindingByDelivery ON bounceFinding(deliveryId);
                CREATE INDEX bounceFindingByMailing ON bounceFinding(mailingId, kind);
                CREATE INDEX deliveryByAddress ON delivery(emailKey, state);
                """
        )
    }
}
