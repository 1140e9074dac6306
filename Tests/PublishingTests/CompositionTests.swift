import Foundation
import NewsletterCore
import Publishing
import Testing

/// The next mailing, preview, check and status, with no transport at all.
@Suite struct CompositionTests {
    @Test func theNextIssueCarriesEveryItemUnderItsTopic() throws {
        let list = try TestList()
        let outcome = try list.publisher().nextIssue(ledger: nil, date: TestList.day)
        guard case .ready(let bulletin) = outcome else {
            Issue.record("expected a bulletin, got \(outcome)")
            return
        }
        #expect(bulletin.number == 1)
        #expect(bulletin.sections.map(\.topic) == ["Early help", "Online safety"])
        #expect(bulletin.items.map(\.id) == ["early-help-family-hubs", "online-safety-reporting-tools"])
    }

    @Test func anEmptyItemsFolderIsNothingNewNotAnError() throws {
        let list = try TestList()
        let items = list.folder.url.appendingPathComponent("items")
        for name in try FileManager.default.contentsOfDirectory(atPath: items.path) {
            try FileManager.default.removeItem(at: items.appendingPathComponent(name))
        }
        let outcome = try list.publisher().nextMailing(topic: nil, ledger: nil, date: TestList.day)
        guard case .nothingNew(let reason) = outcome else {
            Issue.record("expected nothing new, got \(outcome)")
            return
        }
        #expect(reason == "nothing to send: the items folder has no items yet")
        let preview = try list.publisher().preview(format: .text, topic: nil, to: nil, date: TestList.day)
        #expect(preview == .nothingNew("nothing to send: the items folder has no items yet"))
    }

    @Test(arguments: [Publisher.PreviewFormat.text, .html, .eml])
    func previewShowsTheFirstActiveSubscribersCopyAndWritesNothing(format: Publisher.PreviewFormat) throws {
        let list = try TestList()
        let outcome = try list.publisher().preview(format: format, topic: nil, to: nil, date: TestList.day)
        guard case .ready(let bytes) = outcome else {
            Issue.record("expected a preview, got \(outcome)")
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("Family hubs") || format == .eml)
        if format == .eml {
            #expect(text.contains("To: Rosa Meadows <rosa@example.org>"))
            #expect(text.contains("multipart/alternative"))
        }
        #expect(!FileManager.default.fileExists(atPath: list.stateFile.path))
    }

    @Test func previewSkipsAnUnsubscribedFirstSubscriberAndHonoursTheTopic() throws {
        let list = try TestList()
        _ = try list.publisher().unsubscribe(["rosa@example.org"])
        let issue = try list.publisher().preview(format: .eml, topic: nil, to: nil, date: TestList.day)
        guard case .ready(let bytes) = issue else {
            Issue.record("expected a preview")
            return
        }
        #expect(String(decoding: bytes, as: UTF8.self).contains("tomas@example.org"))
        let alert = try list.publisher().preview(format: .eml, topic: "Early help", to: nil, date: TestList.day)
        guard case .ready(let alertBytes) = alert else {
            Issue.record("expected an alert preview")
            return
        }
        #expect(String(decoding: alertBytes, as: UTF8.self).contains("ines@example.net"))
    }

    @Test func previewWithNoActiveSubscriberNamesTheListAndTheWayOut() throws {
        let list = try TestList()
        _ = try list.publisher().unsubscribe(["rosa@example.org", "tomas@example.org", "ines@example.net"])
        let error = #expect(throws: NewsletterError.self) {
            try list.publisher().preview(format: .text, topic: nil, to: nil, date: TestList.day)
        }
        #expect(error?.code == .badData)
        #expect(error?.description.contains("subscribers.csv") == true)
        #expect(error?.description.contains("pass --to ADDRESS") == true)
    }

    @Test func checkOfTheFixtureListIsClean() throws {
        let list = try TestList()
        let report = try list.publisher().check(date: TestList.day)
        #expect(report.problems == [])
        #expect(report.isClean)
        #expect(report.summary == "2 items, 3 subscribers")
        // The unsubscribe link carries the address and no secret is set: a warning, not a problem.
        #expect(report.warnings.count == 1)
        #expect(report.warnings.first?.contains("unsubscribe.secretEnv") == true)
    }

    @Test func checkWarnsWhenTheIssuesHTMLIsPastGmailsClippingLimit() throws {
        let list = try TestList()
        #expect(try list.publisher().check(date: TestList.day).warnings.allSatisfy { !$0.contains("Gmail") })

        // Forty long summaries: about 150 KB of HTML, the size of a bumper end-of-year issue.
        let sentence =
            "Practitioners from schools, health visiting and children's social care compared how they write "
            + "down a first concern, and agreed one short checklist for a referral that any of them can use. "
        for number in 1...40 {
            try list.folder.write(
                """
                ---
                topic: Early help
                title: Shared referral checklist, area \(number)
                source: Local Safeguarding Partnership
                date: 2026-11-05
                links:
                  - label: Read the checklist
                    title: Referral checklist for area \(number)
                    url: https://example.org/partnership/checklist-\(number)
                ---
                \(String(repeating: sentence, count: 18))
                """,
                to: "items/checklist-\(number).md"
            )
        }
        let report = try list.publisher().check(date: TestList.day)
        #expect(report.isClean)
        let warnings = report.warnings.filter { $0.contains("Gmail") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("warning: issue 1 (42 items): its HTML part is ") == true)
        #expect(warnings.first?.contains("keep some items for the next issue") == true)

        // Signed links whose secret this shell does not hold: check still measures, and passes.
        let config = list.folder.url.appendingPathComponent("newsletter.json")
        let signed = try String(contentsOf: config, encoding: .utf8).replacingOccurrences(
            of: #""url": "https://example.org/unsubscribe?email={{email}}""#,
            with: #""url": "https://example.org/unsubscribe/", "secretEnv": "CLIPPING_TEST_UNSET_SECRET""#
        )
        try signed.write(to: config, atomically: true, encoding: .utf8)
        let signedReport = try list.publisher().check(date: TestList.day)
        #expect(signedReport.isClean, "\(signedReport.problems)")
        #expect(signedReport.warnings.filter { $0.contains("Gmail") }.count == 1, "\(signedReport.warnings)")
    }

    @Test func checkReportsEveryBadItemAndRowNotJustTheFirst() throws {
        let list = try TestList()
        try list.folder.write("---\ntopic: Early help\n---\nNo title, no date.\n", to: "items/broken.md")
        try list.folder.write(
            "email,name,topics\nrosa@example.org,Rosa Meadows,\nnot an address,Nobody,\nrosa@example.org,Rosa,\n",
            to: "subscribers.csv"
        )
        let report = try list.publisher().check(date: TestList.day)
        #expect(!report.isClean)
        #expect(report.problems.contains { $0.contains("broken.md") })
        #expect(report.problems.contains { $0.contains("subscribers.csv:3") })
        #expect(report.summary.hasPrefix("3 items, 2 subscribers (1 duplicate address, sent once)"))
    }

    @Test func statusBeforeAndAfterAnIssue() throws {
        let list = try TestList()
        let before = try list.publisher().status()
        #expect(before.contains("Last issue: none yet"))
        #expect(before.contains("Items waiting for the next issue: 2"))
        _ = try list.publisher().send(through: RecordingTransport(), date: TestList.day)
        let after = try list.publisher().status()
        #expect(after.contains { $0.hasPrefix("Last issue: issue 1 of ") })
        #expect(after.contains("  deliveries: 0 pending, 3 sent, 0 deferred, 0 failed (complete)"))
        #expect(after.contains("Items waiting for the next issue: 0"))
    }
}
