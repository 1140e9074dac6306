import Mailer
import TestSupport
import Testing

/// Addresses that could inject SMTP commands are refused before anything is sent.
@Suite struct SMTPEnvelopeTests {
    @Test(arguments: [
        "victim@example.org>\r\nRCPT TO:<other@example.org",
        "victim@example.org\nDATA",
        "victim@example.org\r",
        "vic\0tim@example.org",
        "victim @example.org",
        "<victim@example.org>",
        // An internationalised domain goes as A-labels (see SMTPPipelineTests); one too long for that cannot.
        "victim@" + String(repeating: "ä", count: 70) + ".org",
        "",
    ])
    func refusesAnUnsafeRecipientAndSendsNothing(recipient: String) throws {
        let server = try TestSMTPServer()
        let connection = try SMTPConnection(settings: server.settings())

        let reply = connection.send(
            from: "bulletin@example.org",
            to: recipient,
            message: TestMessage.make(to: "x@example.org")
        )

        #expect(reply.outcome == .rejectedRecipient)
        #expect(reply.code == 0)
        #expect(!reply.detail.contains("\n") && !reply.detail.contains("\r"))
        #expect(try server.messages().isEmpty)
        #expect(server.connectionCount() == 0)
    }

    @Test func refusesAnUnsafeSenderAsARejectedMessage() throws {
        let server = try TestSMTPServer()
        let connection = try SMTPConnection(settings: server.settings())

        let reply = connection.send(
            from: "bulletin@example.org\r\nRSET",
            to: "reader@example.org",
            message: TestMessage.make(to: "reader@example.org")
        )

        #expect(reply.outcome == .rejectedMessage)
        #expect(reply.detail.contains("line break"))
        #expect(server.connectionCount() == 0)
    }
}
