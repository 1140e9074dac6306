import Foundation
import Signing
import TestSupport
import Testing

/// `newsletter bounces` end to end: the real binary, aiosmtpd receiving the issue, a real Dovecot
/// holding the reports (IMAPS, IMAP with STARTTLS, POP3S), and a real SQLite state file.
@Suite struct BouncesCommandTests {
    static let secret = "a-test-secret-that-is-long-enough-for-hmac-0123456789"
    static let subscribers = """
        email,name,topics
        ada@example.org,Ada Lovelace,
        grace@example.org,Grace Hopper,
        zoe@example.net,Zoë Ärmel,
        ivy@example.net,Ivy Example,
        omar@example.com,Omar Example,
        """
    static var verpPattern: Regex<Substring> { #/bounces\+[0-9a-f]{16}-[0-9a-f]{20}@example\.org/# }

    /// A workspace sending to `smtp`, with bounces read from `dovecot` at `scheme`.
    private func workspace(
        smtp: TestSMTPServer,
        dovecot: TestDovecot?,
        scheme: String = "imaps",
        verp: Bool = true,
        softLimit: Int = 3
    ) throws -> Workspace {
        let workspace = try Workspace(subscribers: Self.subscribers)
        workspace.smtp = ["url": smtp.url, "tls": "none", "connections": 2, "timeoutSeconds": 10, "maxAttempts": 2]
        workspace.extraConfig["unsubscribe"] = [
            "mailto": "unsubscribe@example.org", "url": "https://example.org/unsubscribe",
            "secretEnv": "TEST_NEWSLETTER_SECRET",
        ]
        var bounces: [String: Any] = ["softLimit": softLimit]
        if verp { bounces["address"] = "bounces@example.org" }
        if let dovecot {
            let url =
                switch scheme {
                case "imap": "imap://127.0.0.1:\(dovecot.imapPort)/INBOX"
                case "pop3s": "pop3s://127.0.0.1:\(dovecot.pop3sPort)"
                default: "imaps://127.0.0.1:\(dovecot.imapsPort)/INBOX"
                }
            bounces["mailbox"] = [
                "url": url, "username": dovecot.user, "passwordEnv": "TEST_BOUNCES_PASSWORD",
                "caFile": dovecot.certificate.certificatePath, "timeoutSeconds": 5,
            ]
        }
        workspace.extraConfig["bounces"] = bounces
        try workspace.writeConfig()
        return workspace
    }

    private func environment(_ dovecot: TestDovecot?, password: String? = nil) -> [String: String] {
        var environment = ["TEST_NEWSLETTER_SECRET": Self.secret]
        if let dovecot { environment["TEST_BOUNCES_PASSWORD"] = password ?? dovecot.password }
        return environment
    }

    /// The copy `recipient` received: its envelope sender and Message-ID.
    private func sent(
        to recipient: String,
        in server: TestSMTPServer,
        issue: Int = 1
    ) throws -> (sender: String, messageID: String) {
        let copies = try server.messages().filter { $0.recipient == recipient }
        let message = try #require(copies.dropFirst(issue - 1).first, "no copy of issue \(issue) for \(recipient)")
        let id = try #require(try PythonEmail.inspect(message.bytes).header("Message-ID"))
        return (try #require(message.sender), id)
    }

    private func recipients(of server: TestSMTPServer, after count: Int) throws -> Set<String> {
        Set(try server.messages().dropFirst(count).map(\.recipient))
    }

    @Test(arguments: ["imaps", "imap"])
    func reportsFromTheMailboxSuppressExactlyTheReadersTheyName(scheme: String) throws {
        let smtp = try TestSMTPServer()
        let dovecot = try TestDovecot()
        let workspace = try workspace(smtp: smtp, dovecot: dovecot, scheme: scheme)
        let env = environment(dovecot)
        let send = try workspace.run("send", environment: env)
        #expect(send.status == 0, "\(send)")
        let messages = try smtp.messages()
        #expect(messages.count == 5)
        var senders = Set<String>()
        for message in messages {
            let sender = try #require(message.sender)
            #expect(sender.wholeMatch(of: Self.verpPattern) != nil, "\(sender)")
            senders.insert(sender)
            #expect(try PythonEmail.inspect(message.bytes).from == "Safeguarding Weekly <news@example.org>")
        }
        #expect(senders.count == 5, "each delivery has its own VERP address")

        let ada = try sent(to: "ada@example.org", in: smtp)
        let grace = try sent(to: "grace@example.org", in: smtp)
        let zoe = try sent(to: "zoe@example.net", in: smtp)
        let ivy = try sent(to: "ivy@example.net", in: smtp)
        let omar = try sent(to: "omar@example.com", in: smtp)
        var tampered = ivy.sender
        let at = tampered.firstIndex(of: "@")!
        let last = tampered[tampered.index(before: at)]
        tampered.replaceSubrange(tampered.index(before: at)...tampered.index(before: at), with: last == "0" ? "1" : "0")
        let reports: [[UInt8]] = [
            try ReportFixture.make(
                "dsn-hard.eml",
                to: ada.sender.uppercased(),
                recipient: "ada@example.org",
                messageID: ada.messageID
            ),
            try ReportFixture.make(
                "arf-abuse.eml",
                to: grace.sender,
                recipient: "grace@example.org",
                messageID: grace.messageID
            ),
            try ReportFixture.make(
                "legacy-exim.eml",
                to: zoe.sender,
                recipient: "zoe@example.net",
                messageID: zoe.messageID
            ),
            // Forged: no token, another reader's token, a tampered signature.
            try ReportFixture.make(
                "dsn-hard.eml",
                to: "bounces@example.org",
                recipient: "ivy@example.net",
                uniqueID: "f1"
            ),
            try ReportFixture.make("legacy-postfix.eml", to: omar.sender, recipient: "ivy@example.net", uniqueID: "f2"),
            try ReportFixture.make("legacy-qmail.eml", to: tampered, recipient: "ivy@example.net", uniqueID: "f3"),
            // A delay (soft, below the limit) and an auto-reply.
            try ReportFixture.make(
                "dsn-delayed.eml",
                to: omar.sender,
                recipient: "omar@example.com",
                messageID: omar.messageID
            ),
            try ReportFixture.make("auto-reply.eml", to: omar.sender, recipient: "omar@example.com"),
        ]
        for report in reports { try dovecot.deliver(report) }

        let first = try workspace.run("bounces", environment: env)
        #expect(first.status == 0, "\(first)")
        #expect(
            first.output.contains(
                "8 reports: 2 hard, 1 soft, 0 blocked, 1 complaint, 0 unsubscribe, 4 ignored; 3 addresses suppressed"
            ),
            "\(first)"
        )
        #expect(dovecot.messages(in: "INBOX").isEmpty)
        #expect(dovecot.messages(in: "Processed").count == 8)

        let again = try workspace.run("bounces", environment: env)
        #expect(again.status == 0, "\(again)")
        #expect(again.output.isEmpty, "nothing new: \(again)")

        // The same reports delivered twice count once.
        for report in reports.prefix(3) { try dovecot.deliver(report) }
        let duplicate = try workspace.run("bounces", environment: env)
        #expect(
            duplicate.output.contains(
                "3 reports: 2 hard, 0 soft, 0 blocked, 1 complaint, 0 unsubscribe, 0 ignored; 0 addresses suppressed "
                    + "(3 findings recorded by an earlier run)"
            ),
            "\(duplicate)"
        )

        let status = try workspace.run("status", environment: env)
        #expect(status.output.contains("  bounces: 2 hard, 1 soft, 1 complaint\n"), "\(status)")
        #expect(status.output.contains("by reason: 2 hard-bounce, 1 complaint"), "\(status)")

        try workspace.addItem("later", topic: "Online safety", title: "A later report", date: "2026-11-21")
        let next = try workspace.run("send", environment: env)
        #expect(next.status == 0, "\(next)")
        #expect(try recipients(of: smtp, after: 5) == ["ivy@example.net", "omar@example.com"])
    }

    @Test(arguments: ["imaps", "pop3s"])
    func aCrashBetweenRecordingAndMovingCountsNothingTwice(scheme: String) throws {
        let smtp = try TestSMTPServer()
        let dovecot = try TestDovecot()
        let workspace = try workspace(smtp: smtp, dovecot: dovecot, scheme: scheme, verp: false)
        let env = environment(dovecot)
        #expect(try workspace.run("send", environment: env).status == 0)
        // Without VERP, each report quotes the Message-ID of the copy it answers, as real ones do.
        try dovecot.deliver(
            try ReportFixture.make(
                "dsn-hard.eml",
                to: "news@example.org",
                recipient: "ada@example.org",
                messageID: try sent(to: "ada@example.org", in: smtp).messageID
            )
        )
        try dovecot.deliver(
            try ReportFixture.make(
                "legacy-postfix.eml",
                to: "news@example.org",
                recipient: "zoe@example.net",
                messageID: try sent(to: "zoe@example.net", in: smtp).messageID
            )
        )
        try dovecot.deliver(
            try ReportFixture.make(
                "dsn-hard.eml",
                to: "news@example.org",
                recipient: "nobody@else.example",
                uniqueID: "x"
            )
        )

        var crashEnv = env
        crashEnv["NEWSLETTER_TEST_CRASH_AFTER_RECORDING"] = "1"
        let crashed = try workspace.run("bounces", environment: crashEnv)
        #expect(crashed.status == 137, "killed by SIGKILL: \(crashed)")
        #expect(dovecot.messages(in: "INBOX").count == 3, "nothing was moved before the crash")

        let rerun = try workspace.run("bounces", environment: env)
        #expect(rerun.status == 0, "\(rerun)")
        #expect(
            rerun.output.contains(
                "3 reports: 2 hard, 0 soft, 0 blocked, 0 complaint, 0 unsubscribe, 1 ignored; 1 address suppressed "
                    + "(1 finding recorded by an earlier run)"
            ),
            "\(rerun)"
        )
        #expect(dovecot.messages(in: "INBOX").isEmpty)
        if scheme == "imaps" { #expect(dovecot.messages(in: "Processed").count == 3) }

        let status = try workspace.run("status", environment: env)
        #expect(status.output.contains("  bounces: 2 hard, 0 soft, 0 complaints"), "\(status)")
        #expect(status.output.contains("by reason: 2 hard-bounce"), "\(status)")
    }

    @Test(arguments: ["imaps", "pop3s"])
    func aRefusedLoginIs77AndADownServerIs69(scheme: String) throws {
        let smtp = try TestSMTPServer()
        let dovecot = try TestDovecot()
        let workspace = try workspace(smtp: smtp, dovecot: dovecot, scheme: scheme)
        let wrong = try workspace.run("bounces", environment: environment(dovecot, password: "not-the-password"))
        #expect(wrong.status == 77, "\(wrong)")
        #expect(wrong.stderr.split(separator: "\n").count == 1, "\(wrong)")
        #expect(!wrong.stderr.contains("not-the-password"))
        dovecot.stop()
        let down = try workspace.run("bounces", environment: environment(dovecot))
        #expect(down.status == 69, "\(down)")
        #expect(down.stderr.split(separator: "\n").count == 1, "\(down)")
        #expect(down.stderr.contains("bounces.mailbox"))
    }

    @Test func softBouncesSuppressAfterTheLimitAndACleanIssueResetsTheCount() throws {
        let smtp = try TestSMTPServer()
        let workspace = try workspace(smtp: smtp, dovecot: nil, verp: false, softLimit: 2)
        let env = environment(nil)
        let reports = try TemporaryFolder(prefix: "reports")
        func soft(_ recipient: String, issue: Int) throws -> String {
            let id = "i\(issue)-\(recipient)"
            let report = try ReportFixture.make(
                "dsn-delayed.eml",
                to: "news@example.org",
                recipient: recipient,
                messageID: try sent(to: recipient, in: smtp, issue: issue).messageID,
                uniqueID: id
            )
            return try reports.write(Data(report), to: "\(id).eml").path
        }
        #expect(try workspace.run("send", environment: env).status == 0)
        let first = try workspace.run(
            "bounces",
            try soft("ada@example.org", issue: 1),
            try soft("zoe@example.net", issue: 1),
            environment: env
        )
        #expect(first.output.contains("0 addresses suppressed"), "\(first)")
        try workspace.addItem("second", topic: "Online safety", title: "The second report", date: "2026-11-22")
        #expect(try workspace.run("send", environment: env).status == 0)
        let second = try workspace.run("bounces", try soft("ada@example.org", issue: 2), environment: env)
        #expect(second.output.contains("1 address suppressed"), "\(second)")
        try workspace.addItem("third", topic: "Online safety", title: "The third report", date: "2026-11-23")
        let count = try smtp.messages().count
        #expect(try workspace.run("send", environment: env).status == 0)
        let third = try workspace.run("bounces", try soft("zoe@example.net", issue: 3), environment: env)
        #expect(third.output.contains("0 addresses suppressed"), "zoe's clean issue 2 reset the count: \(third)")
        #expect(try !recipients(of: smtp, after: count).contains("ada@example.org"))
        #expect(try recipients(of: smtp, after: count).contains("zoe@example.net"))
        let status = try workspace.run("status", environment: env)
        #expect(status.output.contains("1 soft-bounces"), "\(status)")
    }

    /// Without a VERP address, a report counts only when it quotes the Message-ID of a copy the list
    /// sent to that reader: keyed with the secret, nobody else can write one. Anyone who can mail the
    /// bounce mailbox used to be able to suppress any reader the list had mailed.
    @Test func withoutVERPAReportCountsOnlyWhenItQuotesTheCopysMessageID() throws {
        let smtp = try TestSMTPServer()
        let workspace = try workspace(smtp: smtp, dovecot: nil, verp: false)
        let env = environment(nil)
        #expect(try workspace.run("send", environment: env).status == 0)
        let ada = try sent(to: "ada@example.org", in: smtp).messageID
        let zoe = try sent(to: "zoe@example.net", in: smtp).messageID
        #expect(ada.wholeMatch(of: #/<issue-1\.[0-9a-f]{24}@example\.org>/#) != nil, "\(ada)")
        let folder = try TemporaryFolder(prefix: "reports")
        func report(_ recipient: String, quoting messageID: String, _ name: String) throws -> String {
            let bytes = try ReportFixture.make(
                "dsn-hard.eml",
                to: "news@example.org",
                recipient: recipient,
                messageID: messageID,
                uniqueID: name
            )
            return try folder.write(Data(bytes), to: "\(name).eml").path
        }
        let genuine = try report("ada@example.org", quoting: ada, "genuine")
        let noID = try report("grace@example.org", quoting: "<none@elsewhere.example>", "no-id")
        let guessed = try report(
            "ivy@example.net",
            quoting: "<issue-1.0123456789abcdef01234567@example.org>",
            "guessed"
        )
        let another = try report("omar@example.com", quoting: zoe, "another-readers-id")

        let result = try workspace.run("bounces", genuine, noID, guessed, another, environment: env)
        #expect(result.status == 0, "\(result)")
        #expect(
            result.output.contains("4 reports: 1 hard, 0 soft, 0 blocked, 0 complaint, 0 unsubscribe, 3 ignored"),
            "\(result)"
        )
        let suppressed = try StateDump.query(workspace.state, "SELECT emailKey FROM suppression")
        #expect(suppressed == ["ada@example.org"], "\(suppressed)")
        let dry = try workspace.run("bounces", "--dry-run", noID, environment: env)
        #expect(dry.output == "ignored\tgrace@example.org\t5.1.1\t\(noID)\n", "\(dry)")
    }

    /// A DMARC refusal reported after the send fails that copy and keeps the reader; `status` counts
    /// it by receiving domain, so the sender sees where the fault lies.
    @Test func aReportedBlockedRefusalKeepsTheReaderAndStatusCountsItByDomain() throws {
        let smtp = try TestSMTPServer()
        let workspace = try workspace(smtp: smtp, dovecot: nil, verp: false)
        let env = environment(nil)
        #expect(try workspace.run("send", environment: env).status == 0)
        let folder = try TemporaryFolder(prefix: "reports")
        var files: [String] = []
        for (fixture, recipient) in [("dsn-blocked-dmarc.eml", "zoe@example.net"), ("dsn-hard.eml", "ada@example.org")]
        {
            let bytes = try ReportFixture.make(
                fixture,
                to: "news@example.org",
                recipient: recipient,
                messageID: try sent(to: recipient, in: smtp).messageID,
                uniqueID: recipient
            )
            files.append(try folder.write(Data(bytes), to: "\(recipient).eml").path)
        }
        let result = try workspace.run("bounces", files[0], files[1], environment: env)
        #expect(result.output.contains("2 reports: 1 hard, 0 soft, 1 blocked"), "\(result)")
        #expect(try StateDump.query(workspace.state, "SELECT emailKey FROM suppression") == ["ada@example.org"])
        let status = try workspace.run("status", environment: env).output
        #expect(status.contains("  reported blocked afterwards, by domain: example.net 1 (5.7.26"), "\(status)")
        #expect(status.contains("1 blocked (the sender's side"), "\(status)")

        try workspace.addItem("second", topic: "Online safety", title: "The second report", date: "2026-11-22")
        let count = try smtp.messages().count
        #expect(try workspace.run("send", environment: env).status == 0)
        #expect(try recipients(of: smtp, after: count).contains("zoe@example.net"))
        #expect(try !recipients(of: smtp, after: count).contains("ada@example.org"))
    }

    @Test func checkSaysPlainlyWhatAListThatCanProveNothingAccepts() throws {
        let workspace = try Workspace(subscribers: Self.subscribers)
        workspace.extraConfig["bounces"] = ["softLimit": 3]
        try workspace.writeConfig()
        let unproven = try workspace.run("check")
        #expect(unproven.status == 0, "\(unproven)")
        #expect(unproven.stderr.contains("anyone who can send mail to the bounce mailbox can suppress any reader"))

        workspace.extraConfig["unsubscribe"] = [
            "mailto": "unsubscribe@example.org", "url": "https://example.org/unsubscribe",
            "secretEnv": "TEST_NEWSLETTER_SECRET",
        ]
        try workspace.writeConfig()
        let proven = try workspace.run("check", environment: environment(nil))
        #expect(!proven.stderr.contains("bounce mailbox"), "\(proven.stderr)")
    }

    @Test func aMailedUnsubscribeWithAGenuineTokenSuppressesThatReaderOnly() throws {
        let smtp = try TestSMTPServer()
        let workspace = try workspace(smtp: smtp, dovecot: nil)
        let env = environment(nil)
        #expect(try workspace.run("send", environment: env).status == 0)
        let keys = SigningKeys(current: Self.secret.utf8)
        let ivyToken = ReaderToken.make(for: "ivy@example.net", keys: keys)
        let wrongKeys = SigningKeys(current: String(repeating: "z", count: 40).utf8)
        let folder = try TemporaryFolder(prefix: "reports")
        let genuine = try folder.write(
            Data(ReportFixture.make("unsubscribe.eml", to: "", recipient: "ivy@example.net", token: ivyToken)),
            to: "genuine.eml"
        )
        let forged = try folder.write(
            Data(
                ReportFixture.make(
                    "unsubscribe-body.eml",
                    to: "",
                    recipient: "omar@example.com",
                    token: ReaderToken.make(for: "omar@example.com", keys: wrongKeys)
                )
            ),
            to: "forged.eml"
        )
        let dry = try workspace.run("bounces", "--dry-run", genuine.path, forged.path, environment: env)
        #expect(dry.status == 0, "\(dry)")
        #expect(
            dry.output
                == "unsubscribe\tivy@example.net\t-\t\(genuine.path)\nignored\tomar@example.com\t-\t\(forged.path)\n",
            "\(dry)"
        )
        let real = try workspace.run("bounces", genuine.path, forged.path, environment: env)
        #expect(real.output.contains("1 address suppressed"), "\(real)")
        let status = try workspace.run("status", environment: env)
        #expect(status.output.contains("by reason: 1 mail"), "\(status)")
    }

    @Test func dryRunPrintsFindingsRecordsNothingAndSurvivesBadInput() throws {
        let workspace = try Workspace(subscribers: Self.subscribers)
        let folder = try TemporaryFolder(prefix: "reports")
        let names = ["dsn-hard.eml", "dsn-delayed.eml", "arf-abuse.eml", "legacy-qmail.eml", "auto-reply.eml"]
        var mbox = Data()
        for (index, name) in names.enumerated() {
            mbox.append(Data("From MAILER-DAEMON Mon Nov 23 08:02:11 2026\n".utf8))
            mbox.append(
                Data(try ReportFixture.make(name, to: "news@example.org", recipient: "reader\(index)@example.net"))
            )
            mbox.append(Data("\n".utf8))
        }
        let mboxFile = try folder.write(mbox, to: "reports.mbox")
        let single = try folder.write(
            Data(try ReportFixture.make("legacy-exchange.eml", to: "news@example.org", recipient: "solo@example.net")),
            to: "single.eml"
        )
        let result = try workspace.run("bounces", "--dry-run", mboxFile.path, single.path)
        #expect(result.status == 0, "\(result)")
        #expect(
            result.output == """
                hard\treader0@example.net\t5.1.1\t\(mboxFile.path)#1
                soft\treader1@example.net\t4.4.7\t\(mboxFile.path)#2
                complaint\treader2@example.net\t-\t\(mboxFile.path)#3
                hard\treader3@example.net\t5.7.1\t\(mboxFile.path)#4
                ignored\treader4@example.net\t-\t\(mboxFile.path)#5
                hard\tsolo@example.net\t5.1.10\t\(single.path)

                """,
            "\(result)"
        )
        #expect(!FileManager.default.fileExists(atPath: workspace.state.path), "a dry run writes no state")

        // A broken mbox, a 50 MB message, garbage: one line each, the rest still read; exit 65.
        var broken = Data("this is not where an mbox starts\n".utf8)
        broken.append(Data("From x Mon Nov 23 08:02:11 2026\nnot a header line at all\n\n".utf8))
        broken.append(Data("From y Mon Nov 23 08:02:11 2026\n".utf8))
        broken.append(
            Data(try ReportFixture.make("legacy-yahoo.eml", to: "news@example.org", recipient: "yahoo@example.net"))
        )
        let brokenFile = try folder.write(broken, to: "broken.mbox")
        var huge = Data(try ReportFixture.make("dsn-hard.eml", to: "news@example.org", recipient: "huge@example.net"))
        huge.append(Data(repeating: UInt8(ascii: "x"), count: 50 * 1024 * 1024 + 10))
        let hugeFile = try folder.write(huge, to: "huge.eml")
        let bad = try workspace.run("bounces", "--dry-run", brokenFile.path, hugeFile.path, single.path)
        #expect(bad.status == 65, "\(bad)")
        #expect(
            bad.output.hasSuffix(
                "hard\tyahoo@example.net\t5.0.0\t\(brokenFile.path)#2\nhard\tsolo@example.net\t5.1.10\t\(single.path)\n"
            ),
            "\(bad)"
        )
        let lines = bad.stderr.split(separator: "\n")
        #expect(lines.count == 3, "\(bad)")
        #expect(lines.contains { $0.contains("broken.mbox:") && $0.contains("before the first") })
        #expect(lines.contains { $0.contains("broken.mbox#1") && $0.contains("not a mail message") })
        #expect(lines.contains { $0.contains("huge.eml") && $0.contains("larger than 50 MB") })

        let missing = try workspace.run("bounces", "--dry-run", folder.path("nowhere.eml"), single.path)
        #expect(missing.status == 66, "\(missing)")
        #expect(missing.output.contains("solo@example.net"))
    }

    @Test func checkNamesAMissingMailboxPasswordAndBadKeys() throws {
        let smtp = try TestSMTPServer()
        let dovecot = try TestDovecot()
        let workspace = try workspace(smtp: smtp, dovecot: dovecot)
        let check = try workspace.run("check", environment: ["TEST_NEWSLETTER_SECRET": Self.secret])
        #expect(check.status == 65, "\(check)")
        #expect(check.stderr.contains("TEST_BOUNCES_PASSWORD"), "\(check)")
        #expect(try workspace.run("check", environment: environment(dovecot)).status == 0)

        workspace.extraConfig["bounces"] = ["address": "bounces@example.org", "softLimit": 0]
        try workspace.writeConfig()
        let bad = try workspace.run("check", environment: environment(dovecot))
        #expect(bad.status == 78, "\(bad)")
        #expect(bad.stderr.contains("bounces.softLimit"), "\(bad)")
        workspace.extraConfig["bounces"] = [
            "address": "bounces@example.org",
            "mailbox": [
                "url": "ftp://x", "username": "u",
                "passwordEnv": "P", "extra": 1,
            ],
        ]
        try workspace.writeConfig()
        let unknown = try workspace.run("check", environment: environment(dovecot))
        #expect(unknown.status == 78 && unknown.stderr.contains("extra"), "\(unknown)")
    }

    @Test func aRefusalForTheSendersFaultIsBlockedAndExplained() throws {
        let workspace = try Workspace()
        let folder = try TemporaryFolder(prefix: "reports")
        let blocked = try folder.write(
            Data(
                try ReportFixture.make("dsn-blocked-dmarc.eml", to: "news@example.org", recipient: "kept@example.net")
            ),
            to: "blocked.eml"
        )
        let hard = try folder.write(
            Data(try ReportFixture.make("dsn-hard.eml", to: "news@example.org", recipient: "gone@example.net")),
            to: "hard.eml"
        )
        let result = try workspace.run("bounces", "--dry-run", "--explain", blocked.path, hard.path)
        #expect(result.status == 0, "\(result)")
        let lines = result.output.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.count == 2)
        #expect(lines.first?.prefix(4) == ["blocked", "kept@example.net", "5.7.26", blocked.path])
        #expect(lines.first?.last?.hasPrefix("status-5.7: security or policy") == true, "\(result.output)")
        #expect(lines.first?.last?.contains("DMARC") == true)
        #expect(lines.last?.prefix(4) == ["hard", "gone@example.net", "5.1.1", hard.path])
        #expect(lines.last?.last?.hasPrefix("status-5.1: the address is bad") == true)
        #expect(try workspace.run("bounces", "--explain", blocked.path).status == 64, "--explain needs --dry-run")
    }
}
