import Foundation
import NewsletterCore
import Publishing
import ReportInboxes
import Settings
import TestSupport
import Testing

/// The report inbox against a real Dovecot (IMAPS, IMAP with STARTTLS, POP3S) on loopback.
@Suite struct ReportInboxTests {
    static func report(_ number: Int) -> [UInt8] {
        Array(
            ("From: MAILER-DAEMON@relay.example.org\r\nSubject: failure notice\r\nMessage-ID: "
                + "<r\(number)@relay.example.org>\r\n\r\nreport \(number)\r\n").utf8
        )
    }

    func inbox(_ server: TestDovecot, _ url: String) -> Configuration.Bounces.ReportInbox {
        Configuration.Bounces.ReportInbox(
            url: url,
            username: server.user,
            passwordEnvironmentVariable: "UNUSED",
            caFile: URL(fileURLWithPath: server.certificate.certificatePath),
            timeoutSeconds: 5
        )
    }

    @Test(arguments: ["imaps", "imap"])
    func imapListsFetchesAndMovesToProcessed(scheme: String) throws {
        let server = try TestDovecot()
        for number in 1...3 { try server.deliver(Self.report(number)) }
        let port = scheme == "imaps" ? server.imapsPort : server.imapPort
        let mailbox = try IMAPReportInbox(
            inbox: inbox(server, "\(scheme)://127.0.0.1:\(port)/INBOX"),
            password: server.password
        )
        let waiting = try mailbox.waitingReports()
        #expect(waiting.count == 3)
        guard case .message(let first) = try mailbox.fetch(waiting[0], maximumBytes: 1 << 20) else {
            Issue.record("not fetched")
            return
        }
        #expect(String(decoding: first, as: UTF8.self).contains("report 1"))
        try mailbox.markProcessed(waiting[0])
        try mailbox.markProcessed(waiting[1])
        #expect(try mailbox.waitingReports().count == 1)
        mailbox.close()
        #expect(server.messages(in: "Processed").count == 2)
        #expect(server.messages(in: "INBOX").count == 1)
    }

    @Test func aMessageOverTheCapIsReportedNotRead() throws {
        let server = try TestDovecot()
        try server.deliver(Self.report(1) + [UInt8](repeating: UInt8(ascii: "x"), count: 200_000))
        let mailbox = try IMAPReportInbox(
            inbox: inbox(server, "imaps://127.0.0.1:\(server.imapsPort)/INBOX"),
            password: server.password
        )
        let waiting = try mailbox.waitingReports()
        guard case .tooLarge = try mailbox.fetch(waiting[0], maximumBytes: 100_000) else {
            Issue.record("a message over the cap was read")
            return
        }
        try mailbox.markProcessed(waiting[0])
        #expect(try mailbox.waitingReports().isEmpty)
    }

    @Test func pop3DeletesOnlyWhenTheSessionEnds() throws {
        let server = try TestDovecot()
        for number in 1...2 { try server.deliver(Self.report(number)) }
        let url = "pop3s://127.0.0.1:\(server.pop3sPort)"
        let mailbox = try POP3ReportInbox(inbox: inbox(server, url), password: server.password)
        let waiting = try mailbox.waitingReports()
        #expect(waiting.map(\.number) == [1, 2])
        guard case .message(let second) = try mailbox.fetch(waiting[1], maximumBytes: 1 << 20) else {
            Issue.record("not fetched")
            return
        }
        #expect(String(decoding: second, as: UTF8.self).contains("report 2"))
        try mailbox.markProcessed(waiting[0])
        let other = try POP3ReportInbox(inbox: inbox(server, url), password: server.password)
        // The first session still holds the maildrop lock, or the message is still there.
        #expect((try? other.waitingReports().count) != 1)
        other.close()
        mailbox.close()
        let after = try POP3ReportInbox(inbox: inbox(server, url), password: server.password)
        #expect(try after.waitingReports().count == 1)
        after.close()
    }

    @Test(arguments: ["imaps", "pop3s"])
    func aWrongPasswordIsALoginRefusal(scheme: String) throws {
        let server = try TestDovecot()
        let port = scheme == "imaps" ? server.imapsPort : server.pop3sPort
        let mailbox: any ReportInbox =
            scheme == "imaps"
            ? try IMAPReportInbox(inbox: inbox(server, "imaps://127.0.0.1:\(port)/INBOX"), password: "wrong")
            : try POP3ReportInbox(inbox: inbox(server, "pop3s://127.0.0.1:\(port)"), password: "wrong")
        #expect {
            _ = try mailbox.waitingReports()
        } throws: { error in
            (error as? NewsletterError)?.code == .authenticationFailed
        }
    }

    @Test func aServerThatIsDownIsUnreachable() throws {
        let port = try TestDovecot.freePort()
        let mailbox = try IMAPReportInbox(
            inbox: Configuration.Bounces.ReportInbox(
                url: "imaps://127.0.0.1:\(port)/INBOX",
                username: "u",
                passwordEnvironmentVariable: "UNUSED",
                timeoutSeconds: 3
            ),
            password: "p"
        )
        #expect {
            _ = try mailbox.waitingReports()
        } throws: { error in
            (error as? NewsletterError)?.code == .unavailable
        }
    }

    @Test func anUnknownCertificateIsRefused() throws {
        let server = try TestDovecot()
        let mailbox = try IMAPReportInbox(
            inbox: Configuration.Bounces.ReportInbox(
                url: "imaps://127.0.0.1:\(server.imapsPort)/INBOX",
                username: server.user,
                passwordEnvironmentVariable: "UNUSED",
                timeoutSeconds: 3
            ),
            password: server.password
        )
        #expect {
            _ = try mailbox.waitingReports()
        } throws: { error in
            (error as? NewsletterError)?.code == .unavailable && "\(error)".contains("caFile")
        }
    }
}
