import GRDB

extension LedgerSchema {
    /// Migration "v8-readers": readers who joined through the form or were added by an editor, the
    /// messages `serve` owes them, the counts `status` shows, and the keyed hashes of erased addresses.
    static func createReaders(_ db: Database) throws {
        try db.execute(
            sql: """
                -- One row per reader the database knows besides the subscriber file: a sign-up (pending
                -- until confirmed) or an editor's `subscribers add`. What a reader chose here wins over
                -- the file's row.
                CREATE TABLE reader (
                    emailKey TEXT PRIMARY KEY,
                    email TEXT NOT NULL,
                    name TEXT NOT NULL DEFAULT '',
                    topics TEXT,
                    state TEXT NOT NULL CHECK (state = 'pending' OR state = 'active'),
                    origin TEXT NOT NULL CHECK (origin = 'form' OR origin = 'editor'),
                    nonce TEXT,
                    askedAt TEXT NOT NULL,
                    confirmedAt TEXT,
                    consent TEXT,
                    form TEXT,
                    clientAddress TEXT
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX readerByNonce ON reader(nonce) WHERE nonce IS NOT NULL;
                CREATE INDEX readerByState ON reader(state, askedAt);
                -- Messages serve owes a reader (a confirmation, "already subscribed", their data), until sent.
                CREATE TABLE letter (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    emailKey TEXT NOT NULL,
                    email TEXT NOT NULL,
                    link TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    dueAt TEXT NOT NULL
                );
                CREATE INDEX letterByDue ON letter(dueAt);
                CREATE INDEX letterByAddress ON letter(emailKey);
                -- When each address last got a letter: one a day at most; the list's hourly cap counts them.
                CREATE TABLE recentLetter (
                    emailKey TEXT PRIMARY KEY,
                    sentAt TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX recentLetterByTime ON recentLetter(sentAt);
                -- Sign-ups and refusals per hour and outcome, for `status`: bounded, whatever a client sends.
                CREATE TABLE signupCount (
                    hour TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (hour, outcome)
                ) WITHOUT ROWID;
                -- Erasure finds an address's tokens and bounce findings without reading every row.
                CREATE INDEX readerTokenByAddress ON readerToken(emailKey);
                CREATE INDEX bounceFindingByAddress ON bounceFinding(emailKey);
                -- Erased addresses, as a keyed hash: never mailed again unless they sign up anew.
                CREATE TABLE forgotten (
                    hash TEXT PRIMARY KEY,
                    forgottenAt TEXT NOT NULL
                ) WITHOUT ROWID;
                """
        )
    }
}
