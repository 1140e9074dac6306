import Foundation
import TestSupport
import Testing

@testable import Mailer

/// The pipelined transaction against Postfix's smtp-sink, which offers PIPELINING and DSN.
@Suite struct SMTPSinkTests {
    /// `bytes` as the sink stores them: CRLF as LF.
    private func recordForm(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        for (index, byte) in bytes.enumerated()
        where !(byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
            output.append(byte)
        }
        return output
    }

    /// `contentEarly`: each message's content goes out before the next message's group, as the
    /// delivery run sends it.
    @Test(arguments: [false, true])
    func pipelinedMessagesArriveIntactWithTheirEnvelopes(contentEarly: Bool) throws {
        let sink = try TestSMTPSink()
        let settings = SMTPSettings(url: sink.url, tls: .none, timeoutSeconds: 10, heloDomain: "example.org")
        let connection = try SMTPConnection(settings: settings)
        let recipients = (1...6).map { "reader\($0)@example.org" }
        var messages = recipients.map { TestMessage.make(to: $0) }
        messages[5] += Array("a last line without its line end".utf8)

        var outcomes: [SMTPOutcome] = []
        for (index, recipient) in recipients.enumerated() {
            outcomes += connection.send(
                OutgoingMessage(
                    sender: "bounces@example.org",
                    recipient: recipient,
                    bytes: messages[index],
                    envelopeID: "issue-3.\(index)",
                    tag: Int64(index)
                ),
                beforeEnd: nil
            )
            if contentEarly { connection.sendContentInFlight() }
        }
        outcomes += connection.flush(beforeEnd: nil)

        #expect(outcomes.map(\.tag) == Array(0..<6))
        #expect(outcomes.allSatisfy { $0.reply.outcome == .accepted })
        #expect(connection.connectionsOpened == 1)
        let dumps = try sink.messages().sorted { $0.recipientArguments < $1.recipientArguments }
        #expect(dumps.count == 6)
        for (index, dump) in dumps.enumerated() {
            let recipient = recipients[index]
            #expect(dump.mailArguments == "<bounces@example.org> RET=HDRS ENVID=issue-3.\(index)")
            #expect(dump.recipientArguments == "<\(recipient)> NOTIFY=FAILURE ORCPT=rfc822;\(recipient)")
            let expected = index == 5 ? messages[index] + [0x0D, 0x0A] : messages[index]
            #expect(dump.content == recordForm(expected))
        }
    }
}
