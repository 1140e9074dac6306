import Foundation
import GRDB
import NewsletterCore
import TestSupport
import Testing

@testable import Ledger

/// Readers of only their topics: which copy each delivery is recorded with, and what stays of it.
@Suite struct LedgerEditionTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    private var file: URL { folder.url.appendingPathComponent("state.sqlite") }

    /// An issue with the sections Online safety (2 items), Early years (1) and Domestic abuse (1).
    private func issue(_ number: Int) -> (Bulletin, RenderedBulletin) {
        func item(_ id: String, _ topic: String) -> Item {
            Item(id: "\(number)-\(id)", topic: topic, title: id, date: Day(year: 2026, month: 11, day: 1), summary: "s")
        }
        let sections = [
            TopicSection(topic: "Online safety", items: [item("o1", "Online safety"), item("o2", "Online safety")]),
            TopicSection(topic: "Early years", items: [item("e1", "Early years")]),
            TopicSection(topic: "Domestic abuse", items: [item("d1", "Domestic abuse")]),
        ]
        let bulletin = Bulletin(
            kind: .issue,
            number: number,
            date: Day(year: 2026, month: 11, day: 22),
            sections: sections
        )
        let rendered = RenderedBulletin(
            subject: "S",
            text: "t",
            html: "h",
            sections: sections.map { RenderedSection(topic: $0.topic, itemCount: $0.items.count) }
        )
        return (bulletin, rendered)
    }

    private static let readers = [
        Reader(email: "whole@example.org"),
        Reader(email: "follows@example.org", topics: ["Early years"]),
        Reader(email: "two@example.org", topics: ["early years", "Online safety"], editionChoice: .topics),
        Reader(email: "two-again@example.org", topics: ["Online safety", "Early years"], editionChoice: .topics),
        Reader(email: "one@example.org", topics: ["Domestic abuse"], editionChoice: .topics),
        Reader(email: "nothing@example.org", topics: ["Youth justice"], editionChoice: .topics),
        Reader(
            email: "every@example.org",
            topics: ["Online safety", "Early years", "Domestic abuse"],
            editionChoice: .topics
        ),
        Reader(email: "none-chosen@example.org", editionChoice: .topics),
    ]

    private func editionsByAddress(_ ledger: Ledger, _ mailing: Mailing) throws -> [String: String] {
        try ledger.read { db in
            var found: [String: String] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT delivery.emailKey, delivery.state, edition.sections FROM delivery
                    LEFT JOIN edition ON edition.mailingId = delivery.mailingId AND edition.number = delivery.edition
                    WHERE delivery.mailingId = ?
                    """,
                arguments: [mailing.id]
            ) {
                let state: String = row["state"]
                let sections: String? = row["sections"]
                found[row["emailKey"]] = state == "skipped" ? "skipped" : sections ?? "whole"
            }
            return found
        }
    }

    @Test func eachReaderIsRecordedWithTheCopyOfTheirChoice() throws {
        let ledger = try Ledger.open(at: file)
        let (bulletin, rendered) = issue(1)
        let mailing = try ledger.record(
            bulletin,
            rendered: rendered,
            Recording { insert in
                for reader in Self.readers { try insert(reader) }
            }
        )
        #expect(mailing.rendered.sections == rendered.sections, "the sections are kept with the mailing")
        #expect(
            try editionsByAddress(ledger, mailing) == [
                "whole@example.org": "whole",
                "follows@example.org": "whole",
                "two@example.org": "0,1",
                "two-again@example.org": "0,1",
                "one@example.org": "2",
                "nothing@example.org": "skipped",
                "every@example.org": "whole",
                "none-chosen@example.org": "whole",
            ]
        )
        #expect(try ledger.editions(of: mailing) == [1: [0, 1], 2: [2]])
        #expect(try ledger.deliveryCounts(of: mailing) == [.pending: 7, .skipped: 1])
        let toSend = try ledger.deliveriesToSend(of: mailing)
        #expect(toSend.count == 7, "a skipped reader is never handed to the transport")
        #expect(toSend.first { $0.reader.email == "one@example.org" }?.editionNumber == 2)
        #expect(toSend.first { $0.reader.email == "whole@example.org" }?.editionNumber == nil)

        try ledger.record(toSend.map { DeliveryResult(deliveryID: $0.id, state: .sent, reply: "250 ok") })
        #expect(try ledger.completeIfDone(mailing), "a skipped delivery is final: the mailing completes")
    }

    @Test func aReadersOwnChoiceWinsOverTheFilesRow() throws {
        let ledger = try Ledger.open(at: file)
        try ledger.setChoices(
            topics: ["Domestic abuse"],
            editionChoice: .topics,
            for: "whole@example.org",
            isListed: true
        )
        try ledger.setChoices(topics: ["Domestic abuse"], editionChoice: .whole, for: "two@example.org", isListed: true)
        let (bulletin, rendered) = issue(1)
        let mailing = try ledger.record(
            bulletin,
            rendered: rendered,
            Recording { insert in
                for reader in Self.readers.prefix(3) { try insert(reader) }
            }
        )
        let copies = try editionsByAddress(ledger, mailing)
        #expect(copies["whole@example.org"] == "2")
        #expect(copies["two@example.org"] == "whole")
    }

    @Test func anAlertIsWholeForEveryone() throws {
        let ledger = try Ledger.open(at: file)
        var (bulletin, rendered) = issue(1)
        bulletin.kind = .alert
        bulletin.topic = "Online safety"
        let mailing = try ledger.record(
            bulletin,
            rendered: rendered,
            Recording { insert in
                for reader in Self.readers { try insert(reader) }
            }
        )
        #expect(Set(try editionsByAddress(ledger, mailing).values) == ["whole"])
    }

    @Test func aRecordingCutShortKeepsItsEditionNumbers() throws {
        let ledger = try Ledger.open(at: file)
        let (bulletin, rendered) = issue(1)
        let first = try ledger.record(
            bulletin,
            rendered: rendered,
            Recording { insert in
                for reader in Self.readers { try insert(reader) }
            }
        )
        try ledger.write { db in
            try db.execute(sql: "UPDATE mailing SET recordedAt = NULL, completedAt = NULL")
            try db.execute(sql: "DELETE FROM delivery WHERE emailKey IN ('two-again@example.org', 'one@example.org')")
        }
        let cut = try #require(try ledger.unfinishedMailing(kind: .issue))
        let more =
            Self.readers + [
                Reader(email: "late@example.org", topics: ["Domestic abuse", "Early years"], editionChoice: .topics)
            ]
        let finished = try ledger.recordDeliveries(of: cut, Recording(readers: more, chunkSize: 2))
        let copies = try editionsByAddress(ledger, finished)
        #expect(copies["two-again@example.org"] == "0,1")
        #expect(copies["one@example.org"] == "2")
        #expect(copies["late@example.org"] == "1,2")
        #expect(try ledger.editions(of: first) == [1: [0, 1], 2: [2], 3: [1, 2]])
    }

    @Test func aCollapsedMailingKeepsItsSkippedCount() throws {
        let ledger = try Ledger.open(at: file)
        let (bulletin, rendered) = issue(1)
        let mailing = try ledger.record(
            bulletin,
            rendered: rendered,
            Recording { insert in
                for reader in Self.readers { try insert(reader) }
            }
        )
        try ledger.record(
            try ledger.deliveriesToSend(of: mailing).map {
                DeliveryResult(deliveryID: $0.id, state: .sent, reply: "ok")
            }
        )
        #expect(try ledger.completeIfDone(mailing))
        try ledger.write { db in
            try db.execute(sql: "UPDATE mailing SET completedAt = ?", arguments: [Clock.system.timestamp(daysAgo: 100)])
        }
        #expect(try ledger.collapseDeliveries(completedBefore: Clock.system.timestamp(daysAgo: 90)) == 1)
        #expect(try ledger.deliveryCounts(of: mailing) == [.sent: 7, .failed: 0, .skipped: 1])
    }
}
