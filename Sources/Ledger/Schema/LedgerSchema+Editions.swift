import GRDB

extension LedgerSchema {
    /// The delivery state check of "v12-personal-issues": a delivery may also be `skipped`.
    static let deliveryStateCheckWithSkipped =
        "CHECK (state = 'pending' OR state = 'sent' OR state = 'deferred' OR state = 'failed' OR state = 'skipped')"

    /// Migration "v12-personal-issues": a reader may get only their topics' sections of an issue.
    ///
    /// - `mailing.sections`: the mailing's topic sections (`COUNT<TAB>TOPIC` a line), which its
    ///   bodies mark; a copy is the bodies with some of them left out.
    /// - `edition`: each distinct set of sections the mailing's readers of only their topics get,
    ///   numbered within the mailing; `sections` is the section numbers, `,`-separated.
    /// - `delivery.edition`: the reader's edition; `NULL` for the whole issue. A reader none of whose
    ///   topics has a section gets no message: the delivery is `skipped`, a final state.
    /// - `mailing.skippedCount`: the skipped deliveries of a collapsed mailing.
    /// - `reader.editionChoice`: `whole` or `topics`, as the reader chose on their page; `NULL` when they
    ///   have not (the subscriber file's `issue` column, or the whole issue).
    static func addPersonalIssues(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE mailing ADD COLUMN sections TEXT;
                ALTER TABLE mailing ADD COLUMN skippedCount INTEGER;
                ALTER TABLE delivery ADD COLUMN edition INTEGER;
                ALTER TABLE reader ADD COLUMN scope TEXT;
                CREATE TABLE edition (
                    mailingId INTEGER NOT NULL REFERENCES mailing(id) ON DELETE CASCADE,
                    number INTEGER NOT NULL,
                    sections TEXT NOT NULL,
                    PRIMARY KEY (mailingId, number),
                    UNIQUE (mailingId, sections)
                ) WITHOUT ROWID;
                """
        )
        try replaceCheck(of: "delivery", deliveryStateCheckAsComparisons, with: deliveryStateCheckWithSkipped, db)
    }
}
