import GRDB

extension LedgerSchema {
    /// Migration "v13-reader-links": what an outsider may make the list do for a reader is bounded.
    ///
    /// - `reader.linksFrom`: the generation of the reader's page links (0 until first revoked, then
    ///   the time of the newest revocation); a new sign-up and `subscribers rotate` move it on.
    /// - `reader.onlyChoices`: 1 when the row only holds the choices of a subscriber file's reader
    ///   (their topics, made on their page): that reader is on the list only while the file lists them.
    /// - `recentLetter` per address and kind of letter: one sign-up letter (a confirmation or "already
    ///   subscribed") and one data letter a day at most; the list's hourly cap counts both. The
    ///   letters of the last day are kept, as sign-up letters.
    static func limitReaderLinks(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE reader ADD COLUMN linksFrom INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE reader ADD COLUMN onlyChoices INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE recentLetterByKind (
                    emailKey TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    sentAt TEXT NOT NULL,
                    PRIMARY KEY (emailKey, kind)
                ) WITHOUT ROWID;
                INSERT INTO recentLetterByKind (emailKey, kind, sentAt)
                    SELECT emailKey, 'signup', sentAt FROM recentLetter;
                DROP TABLE recentLetter;
                ALTER TABLE recentLetterByKind RENAME TO recentLetter;
                CREATE INDEX recentLetterByTime ON recentLetter(sentAt);
                """
        )
    }
}
