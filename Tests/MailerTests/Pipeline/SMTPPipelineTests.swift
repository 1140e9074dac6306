import Foundation
import TestSupport
import Testing

@testable import Mailer

/// The mail transaction spoken over libcurl's session, against the real test server (aiosmtpd)
/// with PIPELINING and CHUNKING offered or withheld: what reached the server, byte for byte.
@Suite struct SMTPPipelineTests {
    /// What a server offers for one run of a test.
    struct Mode: CustomTestStringConvertible, Sendable {
        var pipelining: Bool
        var chunking: Bool
        /// Whether the content of the message in flight goes out before the next call, as the
        /// delivery run sends it (``SMTPConnection/sendContentInFlight()``).
        var contentEarly = false
        var testDescription: String {
            "\(pipelining ? "PIPELINING" : "no PIPELINING"), \(chunking ? "CHUNKING" : "no CHUNKING")"
                + (contentEarly ? ", content sent early" : "")
        }
    }

    static let modes = [
        Mode(pipelining: false, chunking: false), Mode(pipelining: true, chunking: false),
        Mode(pipelining: true, chunking: false, contentEarly: true),
        Mode(pipelining: false, chunking: true), Mode(pipelining: true, chunking: true),
        Mode(pipelining: true, chunking: true, contentEarly: true),
    ]

    private func server(_ mode: Mode, faults: String = "{}") throws -> TestSMTPServer {
        try TestSMTPServer(.init(faults: faults, pipelining: mode.pipelining, chunking: mode.chunking))
    }

    /// Sends `messages` through the pipelined interface and returns each tag's reply.
    private func sendAll(
        _ messages: [OutgoingMessage],
        over connection: SMTPConnection,
        contentEarly: Bool = false
    ) -> [Int64: SMTPReply] {
        var outcomes: [SMTPOutcome] = []
        for message in messages {
            outcomes += connection.send(message, beforeEnd: nil)
            if contentEarly { connection.sendContentInFlight() }
        }
        outcomes += connection.flush(beforeEnd: nil)
        #expect(outcomes.count == messages.count, "one outcome per message")
        return Dictionary(outcomes.map { ($0.tag, $0.reply) }, uniquingKeysWith: { first, _ in first })
    }

    private func message(
        _ tag: Int64,
        to recipient: String,
        from sender: String = "bulletin@example.org",
        bytes: [UInt8]? = nil
    ) -> OutgoingMessage {
        OutgoingMessage(sender: sender, recipient: recipient, bytes: bytes ?? TestMessage.make(to: recipient), tag: tag)
    }

    @Test(arguments: modes)
    func deliversTheExactBytesOverOneSession(_ mode: Mode) throws {
        let server = try server(mode)
        let connection = try SMTPConnection(settings: server.settings())
        let unterminated = TestMessage.make(to: "three@example.org") + Array("no line end at the end".utf8)
        let leadingDot = Array(".starts with a dot\r\n..\r\n.\r\n".utf8)
        let messages = [
            message(1, to: "one@example.org"),
            message(2, to: "two@example.org", bytes: leadingDot),
            message(3, to: "three@example.org", bytes: unterminated),
            message(4, to: "four@example.org"),
        ]

        let replies = sendAll(messages, over: connection, contentEarly: mode.contentEarly)

        #expect((1...4).map { replies[$0]?.outcome } == Array(repeating: .accepted, count: 4))
        let stored = try server.messages()
        #expect(
            stored.map(\.recipient) == ["one@example.org", "two@example.org", "three@example.org", "four@example.org"]
        )
        #expect(
            stored.map(\.bytes) == [messages[0].bytes, leadingDot, unterminated + [0x0D, 0x0A], messages[3].bytes]
        )
        #expect(server.connectionCount() == 1)
        let commands = server.commands()
        #expect(commands.contains { $0.line.hasPrefix("BDAT ") } == mode.chunking)
        #expect(commands.contains { $0.line == "DATA" } == !mode.chunking)
        if mode.pipelining {
            // Each MAIL FROM arrived with the RCPT TO behind it, in one write.
            #expect(commands.filter { $0.line.hasPrefix("MAIL ") }.allSatisfy { $0.pipelined })
        } else {
            #expect(!commands.contains { $0.pipelined }, "commands were pipelined to a server that did not offer it")
        }
    }

    @Test(arguments: modes)
    func aRefusalAtEachPositionOfTheGroupAffectsOnlyItsMessage(_ mode: Mode) throws {
        let faults = #"""
            {"mail": {"refused-sender@example.org": 553}, "rcpt": {"gone@example.org": 550, "later@example.org": 451},
             "data_command": {"no-data@example.org": 554}, "data": {"spam@example.org": 554}}
            """#
        let server = try server(mode, faults: faults)
        let connection = try SMTPConnection(settings: server.settings())
        let messages = [
            message(1, to: "ok1@example.org"),
            message(2, to: "x@example.org", from: "refused-sender@example.org"),
            message(3, to: "ok2@example.org"),
            message(4, to: "gone@example.org"),
            message(5, to: "later@example.org"),
            message(6, to: "ok3@example.org"),
            message(7, to: "no-data@example.org"),
            message(8, to: "ok4@example.org"),
            message(9, to: "spam@example.org"),
            message(10, to: "ok5@example.org"),
        ]

        let replies = sendAll(messages, over: connection, contentEarly: mode.contentEarly)

        #expect(replies[1]?.outcome == .accepted)
        #expect(replies[2]?.outcome == .rejectedMessage)
        #expect(replies[2]?.detail == "553 MAIL failed: 5.0.0 sender refused by test fault")
        #expect(replies[4]?.outcome == .rejectedRecipient)
        #expect(replies[4]?.detail == "550 RCPT failed: 5.0.0 recipient refused by test fault")
        #expect(replies[5]?.outcome == .temporary)
        #expect(replies[5]?.code == 451)
        // Without a DATA command (CHUNKING) nothing can refuse it.
        #expect(replies[7]?.outcome == (mode.chunking ? .accepted : .rejectedMessage))
        #expect(replies[9]?.outcome == .rejectedMessage)
        #expect(replies[9]?.detail == "554 message refused after DATA: 5.0.0 message refused by test fault")
        let delivered = ["ok1", "ok2", "ok3"] + (mode.chunking ? ["no-data"] : []) + ["ok4", "ok5"]
        #expect(try server.messages().map(\.recipient) == delivered.map { "\($0)@example.org" })
        #expect(server.connectionCount() == 1)
        // Every refusal inside a transaction (MAIL, RCPT, DATA) was followed by RSET before the next
        // MAIL; a refusal at the end of data ends the transaction by itself.
        let lines = server.commands().map(\.line)
        #expect(lines.filter { $0 == "RSET" }.count == (mode.chunking ? 3 : 4))
        for (index, line) in lines.enumerated() where index > 0 && line.hasPrefix("MAIL") {
            let previous = lines[index - 1]
            #expect(previous == "RSET" || previous == "DATA" || previous.hasPrefix("BDAT"), "\(lines)")
        }
    }

    @Test(arguments: modes)
    func a421InTheMiddleEndsTheSessionAndTheRestGoOnANewOne(_ mode: Mode) throws {
        let server = try server(mode, faults: #"{"rcpt": {"busy@example.org": 421}}"#)
        let connection = try SMTPConnection(settings: server.settings())

        let replies = sendAll(
            [
                message(1, to: "a@example.org"), message(2, to: "busy@example.org"),
                message(3, to: "b@example.org"),
            ],
            over: connection,
            contentEarly: mode.contentEarly
        )

        #expect(replies[1]?.outcome == .accepted)
        #expect(replies[2]?.outcome == .temporary)
        #expect(replies[2]?.code == 421)
        #expect(replies[3]?.outcome == .accepted)
        #expect(try server.messages().map(\.recipient) == ["a@example.org", "b@example.org"])
        #expect(server.connectionCount() == 2)
    }

    @Test(arguments: modes)
    func aConnectionDroppedAfterTheEndOfDataIsNeverCountedAsSent(_ mode: Mode) throws {
        let server = try server(mode, faults: #"{"close_in_data": ["drop@example.org"]}"#)
        let connection = try SMTPConnection(settings: server.settings())

        let replies = sendAll(
            [
                message(1, to: "a@example.org"), message(2, to: "drop@example.org"),
                message(3, to: "b@example.org"),
            ],
            over: connection,
            contentEarly: mode.contentEarly
        )

        #expect(replies[1]?.outcome == .accepted)
        #expect(replies[2]?.outcome == .temporary)
        #expect(replies[2]?.code == 0)
        #expect(replies[3]?.outcome == .accepted)
        #expect(try server.messages().map(\.recipient) == ["a@example.org", "b@example.org"])
    }

    @Test func contentSentEarlyIsNotAcceptedBeforeItsEndOfData() throws {
        let server = try server(Mode(pipelining: true, chunking: false))
        let connection = try SMTPConnection(settings: server.settings())
        var storedWhenHookRan: [Int] = []
        let hook = {
            storedWhenHookRan.append((try? server.messages().count) ?? -1)
            return true
        }
        let first = message(1, to: "a@example.org")

        _ = connection.send(first, beforeEnd: hook)
        connection.sendContentInFlight()
        connection.sendContentInFlight()  // a second call sends nothing more
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try server.messages().isEmpty, "a message was accepted before its end of data")
        _ = connection.send(message(2, to: "b@example.org"), beforeEnd: hook)
        let outcomes = connection.flush(beforeEnd: hook)

        #expect(storedWhenHookRan == [0, 1])
        #expect(outcomes.map(\.reply.outcome) == [.accepted])
        #expect(try server.messages().map(\.bytes) == [first.bytes, TestMessage.make(to: "b@example.org")])
    }

    @Test func theEndOfDataWaitsForTheHook() throws {
        let server = try server(Mode(pipelining: true, chunking: false))
        let connection = try SMTPConnection(settings: server.settings())
        var storedWhenHookRan: [Int] = []
        let hook = {
            storedWhenHookRan.append((try? server.messages().count) ?? -1)
            return true
        }

        _ = connection.send(message(1, to: "a@example.org"), beforeEnd: hook)
        #expect(storedWhenHookRan.isEmpty, "no end of data goes out with the first group")
        _ = connection.send(message(2, to: "b@example.org"), beforeEnd: hook)
        _ = connection.flush(beforeEnd: hook)

        #expect(storedWhenHookRan == [0, 1])
        #expect(try server.messages().count == 2)
    }

    /// When the ledger cannot record an outcome, the next end of data must not go: the message in
    /// flight is abandoned, and the server, which never saw its end, keeps nothing of it.
    @Test(arguments: [false, true])
    func aRefusedEndOfDataAbandonsTheMessageInFlight(chunking: Bool) throws {
        let server = try server(Mode(pipelining: true, chunking: chunking))
        let connection = try SMTPConnection(settings: server.settings())
        var answers = [true, false]
        let hook = { answers.removeFirst() }

        _ = connection.send(message(1, to: "a@example.org"), beforeEnd: hook)
        connection.sendContentInFlight()
        let first = connection.send(message(2, to: "b@example.org"), beforeEnd: hook)
        #expect(first.map(\.reply.outcome) == [.accepted], "message 1 ended normally")
        let second = connection.send(message(3, to: "c@example.org"), beforeEnd: hook)
        #expect(second.map(\.tag) == [2], "message 2 is reported, message 3 never started")
        #expect(second.first?.reply.outcome != .accepted)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try server.messages().map(\.recipient) == ["a@example.org"])
    }

    @Test func sizeIsDeclaredAndAMessageOverTheLimitIsRefusedBeforeSending() throws {
        let server = try TestSMTPServer(.init(sizeLimit: 4000))
        let connection = try SMTPConnection(settings: server.settings())
        let small = TestMessage.make(to: "small@example.org")

        let big = connection.send(
            from: "bulletin@example.org",
            to: "big@example.org",
            message: TestMessage.make(to: "big@example.org", size: 6000)
        )
        let fits = connection.send(from: "bulletin@example.org", to: "small@example.org", message: small)

        #expect(big.outcome == .rejectedMessage)
        #expect(big.code == 0)
        #expect(big.detail.contains("over the server's SIZE limit of 4000"))
        #expect(fits.outcome == .accepted)
        #expect(
            server.commands().map(\.line).filter { $0.hasPrefix("MAIL") }
                == ["MAIL FROM:<bulletin@example.org> SIZE=\(small.count)"]
        )
    }

    @Test func withoutSizeOfferedNoSizeIsDeclared() throws {
        let server = try TestSMTPServer(.init(sizeLimit: 0))
        let connection = try SMTPConnection(settings: server.settings())

        let reply = connection.send(
            from: "bulletin@example.org",
            to: "reader@example.org",
            message: TestMessage.make(to: "reader@example.org", size: 50_000)
        )

        #expect(reply.outcome == .accepted)
        #expect(server.commands().map(\.line).first == "MAIL FROM:<bulletin@example.org>")
    }

    @Test(arguments: [true, false])
    func deliveryStatusNotificationParametersOnlyWhenOffered(_ offered: Bool) throws {
        let server = try TestSMTPServer(.init(deliveryStatusNotification: offered, sizeLimit: 0))
        let connection = try SMTPConnection(settings: server.settings())
        let bytes = TestMessage.make(to: "reader+news@example.org")

        let replies = sendAll(
            [
                OutgoingMessage(
                    sender: "bounces@example.org",
                    recipient: "reader+news@example.org",
                    bytes: bytes,
                    envelopeID: "issue-12.ab=cd@example.org",
                    tag: 1
                )
            ],
            over: connection
        )

        #expect(replies[1]?.outcome == .accepted)
        let lines = server.commands().map(\.line).filter { $0.hasPrefix("MAIL") || $0.hasPrefix("RCPT") }
        if offered {
            #expect(
                lines == [
                    "MAIL FROM:<bounces@example.org> RET=HDRS ENVID=issue-12.ab+3Dcd@example.org",
                    "RCPT TO:<reader+news@example.org> NOTIFY=FAILURE ORCPT=rfc822;reader+2Bnews@example.org",
                ]
            )
        } else {
            #expect(lines == ["MAIL FROM:<bounces@example.org>", "RCPT TO:<reader+news@example.org>"])
        }
    }

    @Test func anInternationalDomainGoesAsALabelsToAnyServer() throws {
        let server = try TestSMTPServer(.init(sizeLimit: 0))
        let connection = try SMTPConnection(settings: server.settings())

        let reply = connection.send(
            from: "bulletin@example.org",
            to: "reader@bücher.example",
            message: TestMessage.make(to: "reader@example.org")
        )

        #expect(reply.outcome == .accepted)
        #expect(
            server.commands().map(\.line).filter { $0.hasPrefix("RCPT") } == ["RCPT TO:<reader@xn--bcher-kva.example>"]
        )
    }

    @Test(arguments: [true, false])
    func aNonASCIILocalPartNeedsSMTPUTF8AndTheOthersGoOn(_ offered: Bool) throws {
        let server = try TestSMTPServer(.init(smtpUTF8: offered, sizeLimit: 0))
        let connection = try SMTPConnection(settings: server.settings())

        let replies = sendAll(
            [message(1, to: "jörg@bücher.example"), message(2, to: "ok@example.org")],
            over: connection
        )

        #expect(replies[2]?.outcome == .accepted)
        let mail = server.commands().map(\.line).filter { $0.hasPrefix("MAIL") || $0.hasPrefix("RCPT") }
        if offered {
            #expect(replies[1]?.outcome == .accepted)
            #expect(
                mail == [
                    "MAIL FROM:<bulletin@example.org> SMTPUTF8", "RCPT TO:<jörg@xn--bcher-kva.example>",
                    "MAIL FROM:<bulletin@example.org>", "RCPT TO:<ok@example.org>",
                ]
            )
        } else {
            // The relay's limit, not the reader's: the copy fails, and the address is not suppressed.
            #expect(replies[1]?.outcome == .rejectedMessage)
            #expect(replies[1]?.detail.contains("does not offer SMTPUTF8") == true)
            #expect(mail == ["MAIL FROM:<bulletin@example.org>", "RCPT TO:<ok@example.org>"])
        }
    }
}
