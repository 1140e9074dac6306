import Foundation
import TestSupport
import Testing

@testable import Ledger

/// The feeds' state: cache validators and the entries already turned into items (migration "v4-intake").
@Suite struct LedgerFeedTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    private var file: URL { folder.url.appendingPathComponent("state.sqlite") }

    @Test func theIntakeMigrationComesAfterTheShippedOnes() throws {
        let migrations = LedgerSchema.migrator.migrations
        let intake = try #require(migrations.firstIndex(of: "v4-intake"))
        #expect(migrations.prefix(intake) == ["v1", "v2-readers"])
    }

    @Test func validatorsAndSeenEntriesSurviveReopening() throws {
        let ledger = try Ledger.open(at: file)
        #expect(try ledger.feedValidators(url: "https://example.org/a.rss") == nil)
        try ledger.recordFetch(
            url: "https://example.org/a.rss",
            validators: FeedValidators(etag: "\"abc\"", lastModified: "Mon, 24 Mar 2025 08:00:00 GMT"),
            entries: [(["id:one", "link:https://example.org/one"], "2025-03-24-one")]
        )
        try ledger.recordFetch(
            url: "https://example.org/a.rss",
            validators: FeedValidators(etag: "\"def\"", lastModified: nil),
            entries: [(["id:one"], "2025-03-24-one-again"), (["link:https://example.org/two"], "two")]
        )
        let reopened = try #require(try Ledger.openReadOnly(at: file))
        #expect(
            try reopened.feedValidators(url: "https://example.org/a.rss")
                == FeedValidators(etag: "\"def\"", lastModified: nil)
        )
        #expect(
            try reopened.seenFeedKeys(["id:one", "link:https://example.org/two", "id:three"])
                == ["id:one", "link:https://example.org/two"]
        )
        let first = try reopened.read { db in
            try String.fetchOne(db, sql: "SELECT itemId FROM feedEntry WHERE key = 'id:one'")
        }
        #expect(first == "2025-03-24-one", "an entry keeps the item it first became")
    }
}
