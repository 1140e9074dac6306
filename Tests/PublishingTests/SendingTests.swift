import Composer
import Foundation
import Ledger
import NewsletterCore
import Publishing
import TestSupport
import Testing

/// `send`, `alert` and test sends at the application layer, through a recording transport: what is
/// recorded, who is asked to receive a copy, and when there is nothing new.
@Suite struct SendingTests {
    @Test func sendRecordsTheIssueAndHandsEveryActiveSubscriberOneCopy() throws {
        let list = try TestList()
        let transport = RecordingTransport()
        let outcome = try list.publisher().send(through: transport, date: TestList.day)
        guard case .delivered(let run) = outcome else {
            Issue.record("expected a delivered issue, got \(outcome)")
            return
        }
        #expect(run.mailing.kind == .issue)
        #expect(run.mailing.number == 1)
        #expect(!run.resumed)
        #expect(run.report.sent == 3)
        #expect(run.left == 0)
        #expect(run.total == 3)
        #expect(run.isFinished)
        #expect(transport.delivered.map(\.address) == ["rosa@example.org", "tomas@example.org", "ines@example.net"])
        for copy in transport.delivered {
            #expect(copy.message.contains("To: "))
            #expect(copy.message.contains(copy.address))
            #expect(copy.text.contains("Family hubs reach more parents of toddlers"))
        }
        #expect(try list.ledger().lastMailing(kind: .issue)?.isComplete == true)
    }

    @Test func aSecondSendHasNothingNewAndAsksTheTransportForNothing() throws {
        let list = try TestList()
        let transport = RecordingTransport()
        _ = try list.publisher().send(through: transport, date: TestList.day)
        let again = try list.publisher().send(through: transport, date: TestList.day)
        guard case .nothingNew(let reason) = again else {
            Issue.record("expected nothing new, got \(again)")
            return
        }
        #expect(reason == "nothing new since issue 1")
        #expect(transport.delivered.count == 3)
    }

    @Test func aNewItemAfterAnIssueGoesIntoTheNextIssueAlone() throws {
        let list = try TestList()
        let transport = RecordingTransport()
        _ = try list.publisher().send(through: transport, date: TestList.day)
        try list.addItem("early-help-waiting-times", topic: "Early help", title: "Waiting times for early help fall")
        guard case .delivered(let run) = try list.publisher().send(through: transport, date: TestList.day) else {
            Issue.record("expected issue 2")
            return
        }
        #expect(run.mailing.number == 2)
        let second = transport.delivered.filter { $0.mailingNumber == 2 }
        #expect(second.count == 3)
        #expect(second.allSatisfy { $0.text.contains("Waiting times for early help fall") })
        #expect(second.allSatisfy { !$0.text.contains("Family hubs reach more parents") })
    }

    @Test func deferredDeliveriesAreLeftAndTheNextSendResumesTheSameIssue() throws {
        let list = try TestList()
        let deferring = RecordingTransport(answer: .deferred)
        guard case .delivered(let first) = try list.publisher().send(through: deferring, date: TestList.day) else {
            Issue.record("expected a delivered issue")
            return
        }
        #expect(first.report.deferred == 3)
        #expect(first.left == 3)
        #expect(!first.isFinished)
        try list.addItem("online-safety-new-guide", topic: "Online safety", title: "A new guide for parents")
        let accepting = RecordingTransport()
        guard case .delivered(let second) = try list.publisher().send(through: accepting, date: TestList.day) else {
            Issue.record("expected the resumed issue")
            return
        }
        #expect(second.resumed)
        #expect(second.mailing.number == 1)
        #expect(second.report.sent == 3)
        #expect(second.left == 0)
        // The resumed issue is the one recorded: the item added since waits for issue 2.
        #expect(accepting.delivered.allSatisfy { !$0.text.contains("A new guide for parents") })
    }

    @Test func anAlertGoesOnlyToTheTopicsSubscribersAndThenHasNothingNew() throws {
        let list = try TestList()
        let transport = RecordingTransport()
        let publisher = try list.publisher()
        let outcome = try publisher.alert(topic: "Online safety", itemIDs: [], through: transport, date: TestList.day)
        guard case .delivered(let run) = outcome else {
            Issue.record("expected a delivered alert, got \(outcome)")
            return
        }
        #expect(run.mailing.kind == .alert)
        #expect(run.mailing.topic == "Online safety")
        // Rosa follows every topic, Tomás follows Online safety, Inès only Early help.
        #expect(transport.delivered.map(\.address) == ["rosa@example.org", "tomas@example.org"])
        #expect(transport.delivered.allSatisfy { !$0.text.contains("Family hubs") && $0.text.contains("in-app") })
        let again = try publisher.alert(topic: "Online safety", itemIDs: [], through: transport, date: TestList.day)
        guard case .nothingNew(let reason) = again else {
            Issue.record("expected nothing new, got \(again)")
            return
        }
        #expect(reason == "nothing new for 'Online safety': every item of it was in an earlier alert")
        #expect(transport.delivered.count == 2)
    }

    @Test func anAlertForATopicNoItemHasIsAUsageError() throws {
        let list = try TestList()
        let error = #expect(throws: NewsletterError.self) {
            try list.publisher().alert(
                topic: "Adoption",
                itemIDs: [],
                through: RecordingTransport(),
                date: TestList.day
            )
        }
        #expect(error?.code == .usage)
        #expect(error?.description.contains("Early help, Online safety") == true)
    }

    @Test func aTestSendHandsOneCopyToTheTransportAndRecordsNothing() throws {
        let list = try TestList()
        let transport = RecordingTransport()
        let copy = try list.publisher().testSend(
            to: Reader(recipient: "rosa@example.org", option: "--to"),
            topic: nil,
            through: transport,
            date: TestList.day
        )
        #expect(copy == TestCopy(address: "rosa@example.org", reply: "250 queued by the test"))
        #expect(transport.delivered.isEmpty)
        #expect(transport.tested.count == 1)
        // The listed name is used for an address given without one.
        #expect(transport.tested.first?.message.contains("To: Rosa Meadows <rosa@example.org>") == true)
        #expect(!FileManager.default.fileExists(atPath: list.stateFile.path))
    }

    @Test func aTestSendToAReaderOfOnlyTheirTopicsIsTheirCopy() throws {
        let list = try TestList()
        _ = try list.folder.write(
            """
            email,name,topics,issue
            tomas@example.org,Tomás Ward,Online safety,topics
            ines@example.net,Inès Carver,Youth justice,topics

            """,
            to: "subscribers.csv"
        )
        let transport = RecordingTransport()
        let copy = try list.publisher().testSend(
            to: Reader(recipient: "tomas@example.org", option: "--to"),
            topic: nil,
            through: transport,
            date: TestList.day
        )
        #expect(copy.address == "tomas@example.org")
        let message = try #require(transport.tested.first?.message)
        let text = try PythonEmail.inspect(Array(message.utf8)).texts[0]
        #expect(text.contains("This copy has only your topics: Online safety."))
        #expect(!text.contains("Early help"), "the other section is left out")

        var refusal: NewsletterError?
        do {
            _ = try list.publisher().testSend(
                to: Reader(recipient: "ines@example.net", option: "--to"),
                topic: nil,
                through: transport,
                date: TestList.day
            )
        } catch let caught as NewsletterError { refusal = caught }
        #expect(refusal?.code == .badData)
        #expect(refusal?.description.contains("gets no issue 1: none of those topics has an item") == true)
        #expect(transport.tested.count == 1, "nothing is sent to a reader who would get nothing")
    }

    @Test func aTestSendWithNothingNewFailsAsBadData() throws {
        let list = try TestList()
        _ = try list.publisher().send(through: RecordingTransport(), date: TestList.day)
        let transport = RecordingTransport()
        let error = #expect(throws: NewsletterError.self) {
            try list.publisher().testSend(
                to: Reader(recipient: "rosa@example.org", option: "--to"),
                topic: nil,
                through: transport,
                date: TestList.day
            )
        }
        #expect(error?.code == .badData)
        #expect(error?.description.contains("nothing new since issue 1; there is nothing to test-send") == true)
        #expect(transport.tested.isEmpty)
    }

    @Test func unsubscribedAddressesGetNoCopyOfTheNextIssue() throws {
        let list = try TestList()
        #expect(try list.publisher().unsubscribe(["rosa@example.org"]) == 1)
        #expect(try list.publisher().unsubscribe(["rosa@example.org"]) == 0)
        let transport = RecordingTransport()
        _ = try list.publisher().send(through: transport, date: TestList.day)
        #expect(transport.delivered.map(\.address) == ["tomas@example.org", "ines@example.net"])
    }
}
