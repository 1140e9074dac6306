import GRDB
import NewsletterCore

/// A feed's HTTP cache validators, as its last full response gave them.
package struct FeedValidators: Decodable, FetchableRecord, Sendable, Equatable {
    /// The `ETag` header.
    package var etag: String?
    /// The `Last-Modified` header.
    package var lastModified: String?

    /// Creates validators.
    package init(etag: String?, lastModified: String?) {
        self.etag = etag
        self.lastModified = lastModified
    }
}

extension Ledger {
    /// The validators kept for the feed at `url`, if any.
    package func feedValidators(url: String) throws(NewsletterError) -> FeedValidators? {
        try read { db in
            try FeedValidators.fetchOne(
                db,
                sql: "SELECT etag, lastModified FROM feedState WHERE url = ?",
                arguments: [url]
            )
        }
    }

    /// Which of `keys` (entry ids and links) an earlier fetch has already turned into an item.
    package func seenFeedKeys(_ keys: [String]) throws(NewsletterError) -> Set<String> {
        guard !keys.isEmpty else { return [] }
        return try read { db in
            var seen = Set<String>()
            let statement = try db.cachedStatement(sql: "SELECT 1 FROM feedEntry WHERE key = ?")
            for key in keys where try Bool.fetchOne(statement, arguments: [key]) != nil { seen.insert(key) }
            return seen
        }
    }

    /// Records, in one transaction, a fetch of the feed at `url`: its new validators and the entries
    /// turned into items (each under all of its keys).
    package func recordFetch(
        url: String,
        validators: FeedValidators?,
        entries: [(keys: [String], itemID: String)]
    )
        throws(NewsletterError)
    {
        try write { db in
            let now = Clock.system.timestamp()
            if let validators {
                // SQL rather than a record's upsert: GRDB's asks for the rowid, which feedState (WITHOUT ROWID) lacks.
                try db.execute(
                    sql: """
                        INSERT INTO feedState (url, etag, lastModified, checkedAt) VALUES (?, ?, ?, ?)
                        ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, lastModified = excluded.lastModified,
                            checkedAt = excluded.checkedAt
                        """,
                    arguments: [url, validators.etag, validators.lastModified, now]
                )
            }
            for entry in entries {
                for key in entry.keys {
                    try FeedEntryRecord(key: key, feedUrl: url, itemId: entry.itemID, seenAt: now)
                        .insert(db, onConflict: .ignore)
                }
            }
        }
    }
}
