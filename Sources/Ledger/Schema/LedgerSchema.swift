import GRDB

/// The state database's tables, as numbered migrations. Never edit a shipped migration: add one.
enum LedgerSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // One row per issue or alert. Its rendered bodies are kept so that a resumed send mails
            // exactly what the first run did.
            try db.execute(
                sql: """
                    CREATE TABLE mailing (
                        id INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL CHECK (kind IN ('issue', 'alert')),
                        number INTEGER NOT NULL,
                        topic TEXT,
                        date TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        textBody TEXT NOT NULL,
                        htmlBody TEXT NOT NULL,
                        createdAt TEXT NOT NULL,
                        completedAt TEXT,
                        UNIQUE (kind, number)
                    );
                    -- The items each mailing carried: an item is used up by the first issue that carries it.
                    CREATE TABLE mailingItem (
                        mailingId INTEGER NOT NULL REFERENCES mailing(id) ON DELETE CASCADE,
                        itemId TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        PRIMARY KEY (mailingId, itemId)
                    );
                    CREATE INDEX mailingItemByItem ON mailingItem(itemId);
                    -- One row per recipient of a mailing: pending until the server's final reply.
                    CREATE TABLE delivery (
                        id INTEGER PRIMARY KEY,
                        mailingId INTEGER NOT NULL REFERENCES mailing(id) ON DELETE CASCADE,
                        emailKey TEXT NOT NULL,
                        email TEXT NOT NULL,
                        name TEXT NOT NULL DEFAULT '',
                        state TEXT NOT NULL DEFAULT 'pending'
                            CHECK (state IN ('pending', 'sent', 'deferred', 'failed')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        messageId TEXT,
                        reply TEXT,
                        updatedAt TEXT,
                        UNIQUE (mailingId, emailKey)
                    );
                    CREATE INDEX deliveryByState ON delivery(mailingId, state);
                    -- Addresses that get nothing more: unsubscribed, or refused permanently by the server.
                    CREATE TABLE suppression (
                        emailKey TEXT PRIMARY KEY,
                        email TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        createdAt TEXT NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v2-readers") { db in
            try db.execute(
                sql: """
                    -- The token each reader's unsubscribe link carries, mapped back to the address.
                    CREATE TABLE readerToken (
                        token TEXT PRIMARY KEY,
                        emailKey TEXT NOT NULL,
                        email TEXT NOT NULL
                    ) WITHOUT ROWID;
                    -- How an address came to be suppressed (see SuppressionKind).
                    ALTER TABLE suppression ADD COLUMN kind TEXT NOT NULL DEFAULT 'refused';
                    UPDATE suppression SET kind = 'command' WHERE reason = 'unsubscribed';
                    CREATE INDEX suppressionByKind ON suppression(kind, createdAt);
                    """
            )
        }
        migrator.registerMigration("v4-intake") { db in
            try db.execute(
                sql: """
                    -- Each feed's cache validators, for conditional GET on the next fetch.
                    CREATE TABLE feedState (
                        url TEXT PRIMARY KEY,
                        etag TEXT,
                        lastModified TEXT,
                        checkedAt TEXT NOT NULL
                    ) WITHOUT ROWID;
                    -- Every feed entry ever turned into an item, by id and by link: never fetched again,
                    -- even when the editor deletes the item.
                    CREATE TABLE feedEntry (
                        key TEXT PRIMARY KEY,
                        feedUrl TEXT NOT NULL,
                        itemId TEXT NOT NULL,
                        seenAt TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """
            )
        }
        migrator.registerMigration("v5-bounces") { db in try LedgerSchema.createBounceFindings(db) }
        migrator.registerMigration("v6-delivery-indexes") { db in try LedgerSchema.indexDeliveriesWithoutState(db) }
        migrator.registerMigration("v7-delivery-state-check") { db in
            try LedgerSchema.checkDeliveryStateByComparisons(db)
        }
        migrator.registerMigration("v8-readers") { db in try LedgerSchema.createReaders(db) }
        migrator.registerMigration("v9-blocked-findings") { db in try LedgerSchema.allowBlockedFindings(db) }
        migrator.registerMigration("v10-recording") { db in try LedgerSchema.recordMailingsInChunks(db) }
        migrator.registerMigration("v11-collapsed-mailings") { db in try LedgerSchema.collapseOldMailings(db) }
        migrator.registerMigration("v12-personal-issues") { db in try LedgerSchema.addPersonalIssues(db) }
        migrator.registerMigration("v13-reader-links") { db in try LedgerSchema.limitReaderLinks(db) }
        return migrator
    }
}
