import Foundation
import GRDB
import NewsletterCore
import TestSupport
import Testing

@testable import Ledger

/// State files written before the rows became records: rows inserted with the SQL the earlier code
/// used, into the schema of each migration, read back through the records.
@Suite struct LedgerCompatibilityTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    private var file: URL { folder.url.appendingPathComponent("state.sqlite") }

    /// Writes `sql` into a state file migrated up to `migration`, as an earlier release left it.
    private func writeEarlierFile(upTo migration: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: file.path)
        try LedgerSchema.migrator.migrate(queue, upTo: migration)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }

    /// Two issues (the second unfinished), an alert, their items and deliveries, and two suppressions,
    /// as the first release ("v1") wrote them.
    private static let version1Rows = """
        INSERT INTO mailing (id, kind, number, topic, date, subject, textBody, htmlBody, createdAt, completedAt)
        VALUES (1, 'issue', 1, NULL, '2026-11-15', 'Weekly · Issue 1', 'Hello \u{E000}0\u{E001}', '<p>One</p>',
                '2026-11-15T06:00:00Z', '2026-11-15T06:05:00Z'),
               (2, 'issue', 2, NULL, '2026-11-22', 'Weekly · Issue 2', 'Text two', '<p>Two</p>',
                '2026-11-22T06:00:00Z', NULL),
               (3, 'alert', 1, 'Online safety', '2026-11-18', 'Alert', 'Alert text', '<p>Alert</p>',
                '2026-11-18T09:00:00Z', '2026-11-18T09:01:00Z');
        INSERT INTO mailingItem (mailingId, itemId, position)
        VALUES (1, 'first-report', 0), (1, 'second-report', 1), (2, 'third-report', 0), (3, 'second-report', 0);
        INSERT INTO delivery (id, mailingId, emailKey, email, name, state, attempts, messageId, reply, updatedAt)
        VALUES (1, 1, 'ada@example.org', 'Ada@example.org', 'Ada', 'sent', 1, '<1@x>', '250 ok', '2026-11-15T06:01Z'),
               (2, 2, 'ada@example.org', 'Ada@example.org', 'Ada', 'sent', 1, '<2@x>', '250 ok', '2026-11-22T06:01Z'),
               (3, 2, 'bo@example.org', 'bo@example.org', 'Bo Jones', 'deferred', 2, NULL, '451 later', NULL),
               (4, 2, 'cy@example.org', 'cy@example.org', '', 'pending', 0, NULL, NULL, NULL),
               (5, 2, 'di@example.org', 'di@example.org', '', 'failed', 1, NULL, '550 no such user', NULL);
        INSERT INTO suppression (emailKey, email, reason, createdAt)
        VALUES ('di@example.org', 'di@example.org', '550 no such user', '2026-11-22T06:02:00Z'),
               ('ed@example.org', 'Ed@example.org', 'unsubscribed', '2026-11-20T10:00:00Z');
        """

    @Test func aFirstReleaseFileReadsThroughTheRecordsWithoutBeingChanged() throws {
        try writeEarlierFile(upTo: "v1", Self.version1Rows)
        let ledger = try #require(try Ledger.openReadOnly(at: file))

        let issue = try #require(try ledger.lastMailing(kind: .issue))
        #expect(issue.id == 2)
        #expect(issue.number == 2)
        #expect(issue.date == Day(year: 2026, month: 11, day: 22))
        #expect(issue.rendered == RenderedBulletin(subject: "Weekly · Issue 2", text: "Text two", html: "<p>Two</p>"))
        #expect(!issue.isComplete)
        #expect(try ledger.unfinishedMailing(kind: .issue) == issue)
        let alert = try #require(try ledger.lastMailing(kind: .alert))
        #expect(alert.topic == "Online safety" && alert.isComplete && alert.kind == .alert)
        #expect(try ledger.unfinishedMailing(kind: .alert) == nil)
        #expect(try ledger.carriedItemIDs(kind: .issue) == ["first-report", "second-report", "third-report"])
        #expect(try ledger.nextNumber(kind: .issue) == 3)

        #expect(try ledger.deliveryCounts(of: issue) == [.sent: 1, .deferred: 1, .pending: 1, .failed: 1])
        let waiting = try ledger.deliveriesToSend(of: issue)
        #expect(waiting.map(\.id) == [3, 4])
        #expect(waiting[0].reader == Reader(email: "bo@example.org", name: "Bo Jones"))
        #expect(waiting[0].attempts == 2)
        #expect(try ledger.deliveriesToSend(of: issue, after: 3).map(\.id) == [4])
        #expect(try ledger.deliveries(of: issue, in: .failed).map(\.reply) == ["550 no such user"])
        #expect(try ledger.deliveries(of: issue, in: .pending).map(\.reply) == [""], "no reply yet reads as empty")

        // "v2-readers" gave old suppressions a kind: 'unsubscribed' ones are the command's.
        #expect(try ledger.suppressionCounts() == [.refused: 1, .command: 1])
        #expect(try ledger.suppressionKind(of: "ED@example.org") == .command)
        #expect(try ledger.suppressionKind(of: "ada@example.org") == nil)
        #expect(try ledger.suppressionCounts(since: "2026-11-21T00:00:00Z") == [.refused: 1])

        let published = try ledger.archivedIssues()
        #expect(published.map(\.number) == [2, 1])
        #expect(published[1].html == "<p>One</p>" && published[1].itemCount == 2)
        #expect(published[1].date == "2026-11-15" && published[1].createdAt == "2026-11-15T06:00:00Z")
        #expect(try ledger.bounceTargets(deliveryIDs: [2, 99, 1]).map(\.deliveryID) == [2, 1])

        let untouched = try DatabaseQueue(path: file.path)
        #expect(try untouched.read { db in try LedgerSchema.migrator.appliedIdentifiers(db) } == ["v1"])
    }

    @Test func aFirstReleaseFileResumesWhereItStopped() throws {
        try writeEarlierFile(upTo: "v1", Self.version1Rows)
        let ledger = try Ledger.open(at: file)
        let issue = try #require(try ledger.unfinishedMailing(kind: .issue))
        try ledger.record(
            try ledger.deliveriesToSend(of: issue).map {
                DeliveryResult(deliveryID: $0.id, state: .sent, reply: "250 ok")
            }
        )
        #expect(try ledger.completeIfDone(issue))
        #expect(try ledger.deliveryCounts(of: issue) == [.sent: 3, .failed: 1])
        #expect(try ledger.lastMailing(kind: .issue)?.isComplete == true)
        #expect(try ledger.lastSentDelivery(to: "bo@example.org")?.deliveryID == 3)
    }

    @Test func rowsOfTheLaterMigrationsReadBack() throws {
        try writeEarlierFile(
            upTo: "v5-bounces",
            Self.version1Rows + """
                INSERT INTO readerToken (token, emailKey, email) VALUES ('tok1', 'ada@example.org', 'Ada@example.org');
                INSERT INTO suppression (emailKey, email, reason, kind, createdAt)
                VALUES ('bo@example.org', 'bo@example.org', 'hard bounce 5.1.1: gone', 'hard-bounce',
                        '2026-11-23T08:00:00Z');
                INSERT INTO feedState (url, etag, lastModified, checkedAt)
                VALUES ('https://example.org/a.atom', '"v7"', NULL, '2026-11-21T05:00:00Z');
                INSERT INTO feedEntry (key, feedUrl, itemId, seenAt)
                VALUES ('id:tag:example.org,2026:1', 'https://example.org/a.atom', 'first-report',
                        '2026-11-21T05:00:00Z');
                INSERT INTO bounceFinding
                    (reportKey, emailKey, email, kind, status, detail, deliveryId, mailingId, createdAt)
                VALUES ('id:<r1@x>', 'bo@example.org', 'bo@example.org', 'hard', '5.1.1', 'gone', 3, 2, '2026-11-23'),
                       ('id:<r2@x>', 'ada@example.org', 'Ada@example.org', 'soft', '4.2.2', 'full', 2, 2, '2026-11-23'),
                       ('id:<r3@x>', 'ada@example.org', 'Ada@example.org', 'complaint', NULL, '', 2, 2, '2026-11-23'),
                       ('id:<r4@x>', 'ada@example.org', 'Ada@example.org', 'soft', '4.2.2', 'full', 1, 1, '2026-11-16');
                """
        )
        let ledger = try #require(try Ledger.openReadOnly(at: file))
        let address = try #require(try ledger.readerAddress(forToken: "tok1"))
        #expect(address.emailKey == "ada@example.org" && address.email == "Ada@example.org")
        #expect(try ledger.readerAddress(forToken: "tok2") == nil)
        #expect(try ledger.suppressionKind(of: "bo@example.org") == .hardBounce)
        #expect(
            try ledger.feedValidators(url: "https://example.org/a.atom")
                == FeedValidators(etag: "\"v7\"", lastModified: nil)
        )
        #expect(try ledger.seenFeedKeys(["id:tag:example.org,2026:1", "id:other"]) == ["id:tag:example.org,2026:1"])
        let issue = try #require(try ledger.lastMailing(kind: .issue))
        #expect(try ledger.bounceCounts(of: issue) == BounceCounts(hard: 1, soft: 1, complaints: 1))
        let byMailing = try ledger.bounceCountsByMailing()
        #expect(byMailing.map { "\($0.kind) \($0.number)" } == ["issue 2", "issue 1"])
        #expect(byMailing.map(\.counts) == [BounceCounts(hard: 1, soft: 1, complaints: 1), BounceCounts(soft: 1)])
        #expect(
            try ledger.lastSentDelivery(to: "ADA@example.org")
                == BounceTarget(deliveryID: 2, mailingID: 2, emailKey: "ada@example.org", email: "Ada@example.org")
        )
    }

    @Test func whatTheRecordsWriteIsWhatTheEarlierSQLWrote() throws {
        let ledger = try Ledger.open(at: file)
        let items = ["b-item", "a-item"].map {
            Item(id: $0, topic: "T", title: $0, date: Day(year: 2026, month: 11, day: 1), summary: "s")
        }
        let bulletin = Bulletin(
            kind: .alert,
            number: 4,
            date: Day(year: 2026, month: 11, day: 29),
            topic: "T",
            sections: [TopicSection(topic: "T", items: items)]
        )
        let mailing = try ledger.record(
            bulletin,
            rendered: RenderedBulletin(subject: "S", text: "t", html: "h"),
            Recording(readers: [Reader(email: "Fay@example.org", name: "Fay")])
        )
        try ledger.suppress(["Gus@example.org"], reason: "unsubscribed", kind: .web)
        let target = try #require(try ledger.bounceTargets(deliveryIDs: [1]).first)
        _ = try ledger.recordBounce(
            report: "id:<b@x>",
            target: target,
            kind: .hard,
            status: nil,
            detail: "gone",
            softLimit: 3
        )
        try ledger.recordFetch(
            url: "https://example.org/f.rss",
            validators: FeedValidators(etag: nil, lastModified: "Sun, 29 Nov 2026 06:00:00 GMT"),
            entries: [(keys: ["id:1", "link:https://example.org/1"], itemID: "a-item")]
        )

        let rows = try ledger.read { db in
            (
                mailing: try String.fetchOne(
                    db,
                    sql: """
                        SELECT kind || '|' || number || '|' || topic || '|' || date || '|' || subject || '|' || textBody
                            || '|' || htmlBody || '|' || COALESCE(completedAt, '-') FROM mailing
                        """
                ),
                items: try String.fetchAll(
                    db,
                    sql: "SELECT itemId || ':' || position FROM mailingItem ORDER BY position"
                ),
                suppressions: try String.fetchAll(
                    db,
                    sql: """
                        SELECT emailKey || '|' || email || '|' || kind || '|' || reason FROM suppression
                        ORDER BY emailKey
                        """
                ),
                finding: try String.fetchOne(
                    db,
                    sql: """
                        SELECT reportKey || '|' || kind || '|' || COALESCE(status, '-') || '|' || deliveryId
                            || '|' || mailingId FROM bounceFinding
                        """
                ),
                feed: try String.fetchOne(
                    db,
                    sql: "SELECT COALESCE(etag, '-') || '|' || lastModified FROM feedState WHERE url LIKE '%/f.rss'"
                ),
                entries: try String.fetchAll(db, sql: "SELECT key || '>' || itemId FROM feedEntry ORDER BY key"),
                createdAt: try String.fetchAll(
                    db,
                    sql: "SELECT createdAt FROM mailing UNION ALL SELECT createdAt FROM suppression"
                )
            )
        }
        #expect(rows.mailing == "alert|4|T|2026-11-29|S|t|h|-")
        #expect(mailing.id == 1 && !mailing.isComplete)
        #expect(rows.items == ["b-item:0", "a-item:1"])
        #expect(
            rows.suppressions == [
                "fay@example.org|Fay@example.org|hard-bounce|hard bounce 5.0.0: gone",
                "gus@example.org|Gus@example.org|web|unsubscribed",
            ]
        )
        #expect(rows.finding == "id:<b@x>|hard|-|1|1")
        #expect(rows.feed == "-|Sun, 29 Nov 2026 06:00:00 GMT")
        #expect(rows.entries == ["id:1>a-item", "link:https://example.org/1>a-item"])
        for stamp in rows.createdAt {
            #expect(stamp.count == 20 && stamp.hasSuffix("Z") && stamp.dropFirst(10).first == "T", "\(stamp)")
        }
    }

    @Test func aMailingRowWithAnUnreadableDateIsBadData() throws {
        try writeEarlierFile(
            upTo: "v5-bounces",
            """
            INSERT INTO mailing (id, kind, number, date, subject, textBody, htmlBody, createdAt)
            VALUES (7, 'issue', 1, 'last Sunday', 'S', 't', 'h', '2026-11-22T06:00:00Z');
            """
        )
        let ledger = try Ledger.open(at: file)
        #expect { try ledger.lastMailing(kind: .issue) } throws: { error in
            guard let error = error as? NewsletterError else { return false }
            return error.code == .badData && error.message.contains("mailing row it cannot read (id 7)")
        }
    }
}
