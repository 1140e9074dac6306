import Foundation
import Mailer
import TestSupport
import Testing

/// Plain-text delivery against the real test server: what it stores and what `send` reports.
@Suite struct SMTPDeliveryTests {
    @Test func deliversTheExactBytesIncludingLinesStartingWithADot() throws {
        let server = try TestSMTPServer()
        let connection = try SMTPConnection(settings: server.settings())
        let message = TestMessage.make(to: "reader@example.org")

        let reply = connection.send(from: "bulletin@example.org", to: "reader@example.org", message: message)

        #expect(reply.outcome == .accepted)
        #expect(reply.code == 250)
        #expect(reply.detail == "250 OK message accepted")
        let stored = try server.messages()
        #expect(stored == [.init(recipient: "reader@example.org", bytes: message)])
        let text = String(decoding: stored.first?.bytes ?? [], as: UTF8.self)
        #expect(text.contains("\r\n.a line that starts with a dot\r\n.\r\n..two dots\r\nthe end\r\n"))
    }

    @Test func sendsSeveralMessagesOverOneConnection() throws {
        let server = try TestSMTPServer()
        let connection = try SMTPConnection(settings: server.settings())
        let recipients = (1...5).map { "reader\($0)@example.org" }

        let replies = recipients.map {
            connection.send(from: "bulletin@example.org", to: $0, message: TestMessage.make(to: $0))
        }

        #expect(replies.map(\.outcome) == Array(repeating: .accepted, count: 5))
        #expect(try server.messages().map(\.recipient) == recipients)
        #expect(connection.connectionsOpened == 1)
        #expect(server.connectionCount() == 1)
    }

    @Test func temporaryRecipientFailureIsTemporaryAndALaterRetryDelivers() throws {
        let server = try TestSMTPServer(.init(faults: #"{"rcpt": {"defer-*@example.org": 451}}"#))
        let connection = try SMTPConnection(settings: server.settings())
        let message = TestMessage.make(to: "defer-me@example.org")

        let deferred = connection.send(from: "bulletin@example.org", to: "defer-me@example.org", message: message)
        let storedWhileDeferred = try server.messages()
        try server.setFaults("{}")
        let retried = connection.send(from: "bulletin@example.org", to: "defer-me@example.org", message: message)

        #expect(deferred.outcome == .temporary)
        #expect(deferred.code == 451)
        #expect(storedWhileDeferred.isEmpty)
        #expect(retried.outcome == .accepted)
        #expect(try server.messages() == [.init(recipient: "defer-me@example.org", bytes: message)])
    }

    @Test func permanentRecipientFailureRejectsTheRecipient() throws {
        let server = try TestSMTPServer(.init(faults: #"{"rcpt": {"gone@example.org": 550}}"#))
        let connection = try SMTPConnection(settings: server.settings())

        let reply = connection.send(
            from: "bulletin@example.org",
            to: "gone@example.org",
            message: TestMessage.make(to: "gone@example.org")
        )

        #expect(reply.outcome == .rejectedRecipient)
        #expect(reply.code == 550)
        #expect(reply.detail == "550 RCPT failed: 5.0.0 recipient refused by test fault")
        #expect(try server.messages().isEmpty)
    }

    @Test func permanentFailureAfterDataRejectsTheMessage() throws {
        let server = try TestSMTPServer(.init(faults: #"{"data": {"spam@example.org": 554}}"#))
        let connection = try SMTPConnection(settings: server.settings())

        let reply = connection.send(
            from: "bulletin@example.org",
            to: "spam@example.org",
            message: TestMessage.make(to: "spam@example.org")
        )

        #expect(reply.outcome == .rejectedMessage)
        #expect(reply.code == 554)
        #expect(reply.detail == "554 message refused after DATA: 5.0.0 message refused by test fault")
        #expect(try server.messages().isEmpty)
    }

    @Test func permanentSenderFailureRejectsTheMessage() throws {
        let server = try TestSMTPServer(.init(faults: #"{"mail": {"bulletin@example.org": 553}}"#))
        let connection = try SMTPConnection(settings: server.settings())

        let reply = connection.send(
            from: "bulletin@example.org",
            to: "reader@example.org",
            message: TestMessage.make(to: "reader@example.org")
        )

        #expect(reply.outcome == .rejectedMessage)
        #expect(reply.code == 553)
        #expect(reply.detail.hasPrefix("553 MAIL failed"))
    }

    @Test func failuresDoNotSpoilTheNextMessage() throws {
        let server = try TestSMTPServer(.init(faults: #"{"rcpt": {"gone@example.org": 550, "busy@example.org": 452}}"#))
        let connection = try SMTPConnection(settings: server.settings())
        let recipients = ["gone@example.org", "ok1@example.org", "busy@example.org", "ok2@example.org"]

        let outcomes = recipients.map {
            connection.send(from: "bulletin@example.org", to: $0, message: TestMessage.make(to: $0)).outcome
        }

        #expect(outcomes == [.rejectedRecipient, .accepted, .temporary, .accepted])
        #expect(try server.messages().map(\.recipient) == ["ok1@example.org", "ok2@example.org"])
    }

    @Test func connectionClosedDuringDataIsTemporaryAndTheNextSendWorks() throws {
        let server = try TestSMTPServer(.init(faults: #"{"close_in_data": ["drop@example.org"]}"#))
        let connection = try SMTPConnection(settings: server.settings())

        let dropped = connection.send(
            from: "bulletin@example.org",
            to: "drop@example.org",
            message: TestMessage.make(to: "drop@example.org")
        )
        let next = connection.send(
            from: "bulletin@example.org",
            to: "reader@example.org",
            message: TestMessage.make(to: "reader@example.org")
        )

        #expect(dropped.outcome == .temporary)
        #expect(next.outcome == .accepted)
        #expect(try server.messages().map(\.recipient) == ["reader@example.org"])
        #expect(connection.connectionsOpened == 2)
    }

    @Test func aHungServerTimesOutAsTemporary() throws {
        let server = try TestSMTPServer(.init(faults: #"{"delay_ms": 4000}"#))
        let connection = try SMTPConnection(settings: server.settings(timeoutSeconds: 1))
        let started = Date()

        let reply = connection.send(
            from: "bulletin@example.org",
            to: "reader@example.org",
            message: TestMessage.make(to: "reader@example.org")
        )

        #expect(reply.outcome == .temporary)
        #expect(Date().timeIntervalSince(started) < 3.5)
    }

    @Test func serverDownIsUnreachable() throws {
        let server = try TestSMTPServer()
        let settings = server.settings()
        server.stop()
        let connection = try SMTPConnection(settings: settings)

        let reply = connection.send(
            from: "bulletin@example.org",
            to: "reader@example.org",
            message: TestMessage.make(to: "reader@example.org")
        )

        #expect(reply.outcome == .unreachable)
        #expect(reply.code == 0)
    }

    @Test func aConnectionClosedWhileIdleIsReopenedAfterARestart() throws {
        let first = try TestSMTPServer()
        let connection = try SMTPConnection(settings: first.settings())
        let before = connection.send(
            from: "bulletin@example.org",
            to: "one@example.org",
            message: TestMessage.make(to: "one@example.org")
        )
        first.stop()
        let second = try TestSMTPServer(.init(port: first.port))

        let after = connection.send(
            from: "bulletin@example.org",
            to: "two@example.org",
            message: TestMessage.make(to: "two@example.org")
        )

        #expect(before.outcome == .accepted)
        #expect(after.outcome == .accepted)
        #expect(try first.messages().map(\.recipient) == ["one@example.org"])
        #expect(try second.messages().map(\.recipient) == ["two@example.org"])
        #expect(connection.connectionsOpened == 2)
    }

    @Test func aReusedConnectionThatDiesBeforeAnyReplyIsRetriedOnceOnAFreshOne() throws {
        // The server drops the connection, without a reply, at the second MAIL FROM
        // on it: libcurl sees a live idle connection that fails once used.
        let server = try TestSMTPServer(.init(faults: #"{"close_on_reuse": true}"#))
        let connection = try SMTPConnection(settings: server.settings())

        let replies = ["one@example.org", "two@example.org", "three@example.org"].map {
            connection.send(from: "bulletin@example.org", to: $0, message: TestMessage.make(to: $0))
        }

        #expect(replies.map(\.outcome) == [.accepted, .accepted, .accepted])
        #expect(try server.messages().map(\.recipient) == ["one@example.org", "two@example.org", "three@example.org"])
        #expect(server.connectionCount() == 3)
    }
}
