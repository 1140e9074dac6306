import Testing

@testable import Mailer

/// The pieces of the transaction that need no server.
@Suite struct SMTPUnitTests {
    @Test(arguments: [
        ("a\r\nb\r\n", "a\r\nb\r\n.\r\n"),
        (".x\r\n..y\r\n.\r\n", "..x\r\n...y\r\n..\r\n.\r\n"),
        ("last line", "last line\r\n.\r\n"),
        ("a\r\n.", "a\r\n..\r\n.\r\n"),
        ("bare\n.dot\r\n", "bare\n..dot\r\n.\r\n"),
    ])
    func dotStuffingDoublesLeadingDotsAndEndsTheData(_ message: String, _ wire: String) {
        var output: [UInt8] = []
        DotStuffing.appendStuffed(Array(message.utf8), to: &output)
        #expect(String(decoding: output, as: UTF8.self) == wire)
    }

    @Test func theEHLOReplyNamesTheExtensions() {
        let extensions = SMTPExtensions(ehloLines: [
            "mx.example.org greets you", "PIPELINING", "SIZE 10240000",
            "chunking", "DSN", "SMTPUTF8", "8BITMIME", "ENHANCEDSTATUSCODES",
        ])
        var expected = SMTPExtensions()
        expected.pipelining = true
        expected.chunking = true
        expected.size = true
        expected.sizeLimit = 10_240_000
        expected.deliveryStatusNotification = true
        expected.smtpUTF8 = true
        expected.enhancedStatusCodes = true
        #expect(extensions == expected)
        #expect(SMTPExtensions(ehloLines: ["PIPELINING only in the greeting line"]) == SMTPExtensions())
    }

    @Test func xtextEncodesPlusEqualsAndControls() {
        #expect(SMTPConnection.xtext("a+b=c d") == "a+2Bb+3Dc+20d")
    }
}
