import Foundation
import TestSupport
import Testing

/// `newsletter send`, `alert` and `unsubscribe` end to end: the real binary, a real SMTP server
/// (aiosmtpd on a free loopback port) and a real SQLite state file.
@Suite struct SendCommandTests {
    /// A workspace whose SMTP settings point at `server`.
    private func workspace(
        _ server: TestSMTPServer,
        subscribers: String? = nil,
        smtp: [String: Any] = [:]
    ) throws -> Workspace {
        let workspace = try Workspace(subscribers: subscribers)
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 2, "timeoutSeconds": 10, "maxAttempts": 2]
        for (key, value) in smtp { workspace.smtp[key] = value }
        try workspace.writeConfig()
        return workspace
    }

    /// Recipients of the stored messages, with how many copies each got.
    private func tally(_ server: TestSMTPServer) throws -> [String: Int] {
        try server.messages().reduce(into: [:]) { $0[$1.recipient.lowercased(), default: 0] += 1 }
    }

    @Test func sendDeliversOneCopyToEachSubscriberAndNeverTheSameItemsTwice() throws {
        let server = try TestSMTPServer()
        let workspace = try workspace(server)
        let result = try workspace.run("send")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(try tally(server) == ["ada@example.org": 1, "grace@example.org": 1, "zoe@example.net": 1])

        for message in try server.messages() {
            let report = try PythonEmail.inspect(message.bytes)
            #expect(report.allDefects.isEmpty, "\(report.allDefects)")
            #expect(report.partTypes == ["text/plain", "text/html"])
            #expect(report.to?.lowercased().contains(message.recipient.lowercased()) == true)
            #expect(report.subject?.hasPrefix("Safeguarding Weekly · Issue 1 · ") == true)
            #expect(report.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
            #expect(
                report.header("List-Unsubscribe")?.contains(
                    message.recipient.replacingOccurrences(of: "@", with: "%40")
                ) == true
            )
            #expect(report.header("Message-ID")?.hasSuffix("@example.org>") == true)
        }
        #expect(try tally(server).count == 3)
        let zoe = try #require(try server.messages().first { $0.recipient == "zoe@example.net" })
        #expect(try PythonEmail.inspect(zoe.bytes).to == "Zoë Ärmel <zoe@example.net>")

        let again = try workspace.run("send")
        #expect(again.status == 0)
        #expect(again.stderr.contains("nothing new since issue 1"))
        #expect(try server.messages().count == 3)

        try workspace.addItem("later", topic: "Online safety", title: "A later report", date: "2026-11-21")
        let next = try workspace.run("send")
        #expect(next.status == 0, "\(next)")
        let issue2 = try server.messages().dropFirst(3)
        #expect(issue2.count == 3)
        for message in issue2 {
            let text = try PythonEmail.inspect(message.bytes).texts[0]
            #expect(text.contains("A later report"))
            #expect(!text.contains("County lines"), "an item of issue 1 came again")
        }
        let status = try workspace.run("status")
        #expect(status.output.contains("Last issue: issue 2"))
        #expect(
            status.output.contains("3 sent, 0 deferred, 0 failed")
                || status.output.contains("0 pending, 3 sent, 0 deferred, 0 failed")
        )
    }

    @Test func startTLSWithTheServersCertificateAndAuth() throws {
        let certificate = try TestCertificate()
        var options = TestSMTPServer.Options()
        options.certificate = certificate
        options.requireTLS = true
        options.credentials = ("news", "s3cret")
        let server = try TestSMTPServer(options)
        let workspace = try workspace(
            server,
            smtp: [
                "tls": "starttls", "caFile": certificate.certificatePath, "username": "news",
                "passwordEnv": "TEST_SMTP_PASSWORD",
            ]
        )

        let wrong = try workspace.run("send", environment: ["TEST_SMTP_PASSWORD": "wrong"])
        #expect(wrong.status == 77, "\(wrong)")
        #expect(!wrong.stderr.contains("wrong"), "the password must never be printed")
        #expect(try server.messages().isEmpty)

        let missing = try workspace.run("send")
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("TEST_SMTP_PASSWORD"))

        let right = try workspace.run("send", environment: ["TEST_SMTP_PASSWORD": "s3cret"])
        #expect(right.status == 0, "\(right)")
        #expect(try tally(server).count == 3)
    }

    @Test func startTLSIsNeverDowngradedToClearText() throws {
        let server = try TestSMTPServer()
        let workspace = try workspace(server, smtp: ["tls": "starttls"])
        let result = try workspace.run("send")
        #expect(result.status == 69, "\(result)")
        #expect(try server.messages().isEmpty)
    }

    @Test func serverDownExits69ThenTheNextRunResumes() throws {
        let server = try TestSMTPServer()
        let port = server.port
        server.stop()
        let workspace = try workspace(server)
        let down = try workspace.run("send")
        #expect(down.status == 69, "\(down)")
        #expect(down.stderr.contains("cannot be reached"))

        var options = TestSMTPServer.Options()
        options.port = port
        let up = try TestSMTPServer(options)
        let resumed = try workspace.run("send")
        #expect(resumed.status == 0, "\(resumed)")
        #expect(resumed.stderr.contains("resumed issue 1"))
        #expect(try tally(up) == ["ada@example.org": 1, "grace@example.org": 1, "zoe@example.net": 1])
    }

    @Test func deferredRecipientsAreRetriedByTheNextRunOnly() throws {
        var options = TestSMTPServer.Options()
        options.faults = #"{"rcpt": {"grace@*": 451}}"#
        let server = try TestSMTPServer(options)
        let workspace = try workspace(server)
        let first = try workspace.run("send")
        #expect(first.status == 75, "\(first)")
        #expect(try tally(server) == ["ada@example.org": 1, "zoe@example.net": 1])
        #expect(try workspace.run("status").output.contains("deferred: grace@example.org: 451"))

        try server.setFaults("{}")
        let second = try workspace.run("send")
        #expect(second.status == 0, "\(second)")
        #expect(try tally(server) == ["ada@example.org": 1, "grace@example.org": 1, "zoe@example.net": 1])
    }

    @Test func aPermanentRefusalFailsAndSuppressesTheAddress() throws {
        var options = TestSMTPServer.Options()
        options.faults = #"{"rcpt": {"zoe@*": 550}}"#
        let server = try TestSMTPServer(options)
        let workspace = try workspace(server)
        let first = try workspace.run("send")
        #expect(first.status == 0, "\(first)")
        #expect(try tally(server) == ["ada@example.org": 1, "grace@example.org": 1])
        #expect(try workspace.run("status").output.contains("failed: zoe@example.net: 550"))

        try server.setFaults("{}")
        try workspace.addItem("later", topic: "Online safety", title: "A later report", date: "2026-11-21")
        #expect(try workspace.run("send").status == 0)
        #expect(try tally(server)["zoe@example.net"] == nil, "a refused address was mailed again")
        #expect(try tally(server)["ada@example.org"] == 2)
    }

    @Test func aConnectionDroppedMidDataIsDeferredAndResent() throws {
        var options = TestSMTPServer.Options()
        options.faults = #"{"close_in_data": ["ada@*"]}"#
        let server = try TestSMTPServer(options)
        let workspace = try workspace(server)
        let first = try workspace.run("send")
        #expect(first.status == 75, "\(first)")
        #expect(try tally(server)["ada@example.org"] == nil)
        #expect(try tally(server).count == 2)
        try server.setFaults("{}")
        #expect(try workspace.run("send").status == 0)
        #expect(try tally(server) == ["ada@example.org": 1, "grace@example.org": 1, "zoe@example.net": 1])
    }

    @Test func killedMidSendLosesNobodyAndDuplicatesAtMostTheConnections() async throws {
        var options = TestSMTPServer.Options()
        options.faults = #"{"delay_ms": 20}"#
        let server = try TestSMTPServer(options)
        var csv = "email,name,topics\n"
        for index in 0..<200 { csv += "reader\(index)@example.org,Reader \(index),\n" }
        let workspace = try workspace(server, subscribers: csv, smtp: ["connections": 3])
        let killed = try await workspace.sendKilled(onceItHolds: 40, on: server)
        #expect(killed.status == 128 + SIGKILL)
        let before = try server.messages().count
        #expect(before >= 40 && before < 200, "the kill came too late to test anything: \(before) delivered")

        try server.setFaults("{}")
        let rerun = try workspace.run("send")
        #expect(rerun.status == 0, "\(rerun)")
        let tally = try tally(server)
        #expect(tally.count == 200, "somebody was lost")
        let doubled = tally.values.filter { $0 > 1 }
        #expect(doubled.allSatisfy { $0 == 2 })
        #expect(doubled.count <= 3, "\(doubled.count) recipients got two copies; at most one per connection may")
    }

    @Test func aSecondSendWhileOneRunsExits75AtOnce() throws {
        var options = TestSMTPServer.Options()
        options.faults = #"{"delay_ms": 300}"#
        let server = try TestSMTPServer(options)
        let workspace = try workspace(server, smtp: ["connections": 1])
        let first = try workspace.start("send")
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: workspace.state.path + ".lock") && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        Thread.sleep(forTimeInterval: 0.3)
        let second = try workspace.run("send", timeout: 20)
        #expect(second.status == 75, "\(second)")
        #expect(second.stderr.contains("another send"))
        #expect(try Command.wait(first).status == 0)
        #expect(try tally(server).count == 3)
    }

    @Test func anAlertGoesToTheTopicsSubscribersAndLeavesItemsForTheIssue() throws {
        let server = try TestSMTPServer()
        let workspace = try workspace(server)
        let alert = try workspace.run("alert", "--topic", "Online safety")
        #expect(alert.status == 0, "\(alert)")
        // grace follows Online safety only; ada and zoe take every topic.
        #expect(try tally(server) == ["ada@example.org": 1, "grace@example.org": 1, "zoe@example.net": 1])
        let report = try PythonEmail.inspect(try server.messages()[0].bytes)
        #expect(report.subject?.contains("Alert: Online safety") == true)
        #expect(!report.texts[0].contains("Early years"))

        let again = try workspace.run("alert", "--topic", "Online safety")
        #expect(again.status == 0)
        #expect(again.stderr.contains("nothing new for 'Online safety'"))
        #expect(try server.messages().count == 3)

        let early = try workspace.run("alert", "--topic", "Early years")
        #expect(early.status == 0, "\(early)")
        #expect(try tally(server)["grace@example.org"] == 1, "grace does not follow Early years")

        #expect(try workspace.run("send").status == 0)
        let issue = try server.messages().filter {
            (try? PythonEmail.inspect($0.bytes).subject?.contains("Issue 1")) == true
        }
        #expect(issue.count == 3)
        #expect(try PythonEmail.inspect(issue[0].bytes).texts[0].contains("Online safety"))
    }

    @Test func unsubscribedAddressesGetNothingMore() throws {
        let server = try TestSMTPServer()
        let workspace = try workspace(server)
        let result = try workspace.run("unsubscribe", "GRACE@example.org")
        #expect(result.status == 0, "\(result)")
        #expect(try workspace.run("unsubscribe", "not an address").status == 64)
        #expect(try workspace.run("send").status == 0)
        #expect(try tally(server) == ["ada@example.org": 1, "zoe@example.net": 1])
    }

    @Test func aTestSendGoesToOneAddressAndRecordsNothing() throws {
        let server = try TestSMTPServer()
        let workspace = try workspace(server)
        let result = try workspace.run("send", "--to", "editor@example.org")
        #expect(result.status == 0, "\(result)")
        #expect(try tally(server) == ["editor@example.org": 1])
        #expect(try workspace.run("status").output.contains("Last issue: none yet"))
        #expect(try workspace.run("send", "--to", "x@example.org\r\nRCPT TO:<y@example.org>").status == 64)
    }

    @Test func badListRowsAreSkippedAndNeverReachTheServer() throws {
        let server = try TestSMTPServer()
        let csv =
            "email,name,topics\nok@example.org,OK,\n\"evil@example.org\r\nRCPT "
            + "TO:<victim@example.org>\",Evil,\nbroken@,Broken,\n"
        let workspace = try workspace(server, subscribers: csv)
        let result = try workspace.run("send")
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("2 problems in the subscriber list (subscribers.csv:3: email:"))
        #expect(try tally(server) == ["ok@example.org": 1])
    }

    @Test func aRefusalForTheSendersFaultFailsTheCopyAndKeepsTheReader() throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace()
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 1, "timeoutSeconds": 10, "maxAttempts": 2]
        try workspace.writeConfig()
        try server.setFaults(
            #"""
            {"rcpt": {"ada@example.org": "550 5.1.1 <ada@example.org>: Recipient address rejected: User unknown",
                      "zoe@example.net": "550 5.7.26 Unauthenticated mail from example.org fails its DMARC policy"},
             "data": {"grace@example.org": "554 5.7.1 Message refused: it looks like spam to our content filter"}}
            """#
        )
        let first = try workspace.run("send")
        #expect(first.status == 0, "\(first)")
        #expect(try server.messages().isEmpty)
        #expect(
            try StateDump.query(workspace.state, "SELECT email, kind FROM suppression") == ["ada@example.org\trefused"]
        )
        #expect(
            try StateDump.query(workspace.state, "SELECT state, COUNT(*) FROM delivery GROUP BY state") == ["failed\t3"]
        )

        try server.setFaults("{}")
        try workspace.addItem("later", topic: "Online safety", title: "A later report", date: "2026-11-21")
        #expect(try workspace.run("send").status == 0)
        #expect(Set(try server.messages().map(\.recipient)) == ["grace@example.org", "zoe@example.net"])
    }

    @Test func theBreakerStopsSendingToADomainThatRefusesTheSenderAndTheRerunResumes() throws {
        let server = try TestSMTPServer()
        let readers =
            (0..<10).map { "ok\($0)@fine.example,," } + (0..<30).map { "reader\($0)@strict.example,," }
        let workspace = try Workspace(subscribers: "email,name,topics\n" + readers.joined(separator: "\n") + "\n")
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 1, "timeoutSeconds": 10, "maxAttempts": 1]
        try workspace.writeConfig()
        try server.setFaults(
            #"{"rcpt": {"*@strict.example": "550 5.7.26 Unauthenticated mail: it fails its DMARC policy"}}"#
        )
        let first = try workspace.run("send")
        #expect(first.status == 75, "\(first)")
        #expect(
            first.stderr.contains("stopped sending to strict.example: 8 of the last 8 attempts refused"),
            "\(first)"
        )
        #expect(first.stderr.contains("5.7.26 Unauthenticated mail"))
        #expect(first.stderr.contains("check DKIM, SPF and DMARC"))
        #expect(first.stderr.split(separator: "\n").count == 1, "one line: \(first.stderr)")
        let states = try StateDump.query(
            workspace.state,
            "SELECT state, COUNT(*) FROM delivery GROUP BY state ORDER BY state"
        )
        #expect(states == ["failed\t8", "pending\t22", "sent\t10"], "\(states)")
        #expect(try StateDump.query(workspace.state, "SELECT COUNT(*) FROM suppression") == ["0"])
        let status = try workspace.run("status").output
        #expect(
            status.contains(
                "  refused for the sender's side during the send: strict.example 8 (550 RCPT failed: 5.7.26"
            ),
            "\(status)"
        )

        try server.setFaults("{}")
        let rerun = try workspace.run("send")
        #expect(rerun.status == 0, "\(rerun)")
        #expect(try server.messages().count == 32, "the ten, then the 22 the breaker held back")
    }

    @Test func theBreakerStopsTheWholeSendWhenEveryDomainRefusesTheSender() throws {
        let server = try TestSMTPServer()
        let readers = (0..<20).map { "reader@domain\($0).example,," }
        let workspace = try Workspace(subscribers: "email,name,topics\n" + readers.joined(separator: "\n") + "\n")
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 1, "timeoutSeconds": 10, "maxAttempts": 1]
        try workspace.writeConfig()
        try server.setFaults(
            #"{"rcpt": {"*": "554 5.7.1 Service unavailable; client host [192.0.2.9] blocked using a DNS blocklist"}}"#
        )
        let first = try workspace.run("send")
        #expect(first.status == 75, "\(first)")
        #expect(
            first.stderr.contains(
                "stopped: 8 of the last 8 attempts refused for the sender's side (domain0.example 1, "
                    + "domain1.example 1, domain2.example 1, domain3.example 1, domain4.example 1, 3 more domains): "
                    + "554 RCPT failed: 5.7.1"
            ),
            "\(first)"
        )
        let states = try StateDump.query(
            workspace.state,
            "SELECT state, COUNT(*) FROM delivery GROUP BY state ORDER BY state"
        )
        #expect(states == ["failed\t8", "pending\t12"], "\(states)")
    }

    @Test func theWholeSendsStopNamesTheDomainThatRefusedHalfTheList() throws {
        let server = try TestSMTPServer()
        // Half the list at one domain that refuses the sender, in turn with readers elsewhere: no
        // domain of its own reaches the breaker's window before the whole send does.
        let readers = (0..<20).flatMap { ["reader\($0)@strict.example,,", "reader\($0)@fine\($0 % 4).example,,"] }
        let workspace = try Workspace(subscribers: "email,name,topics\n" + readers.joined(separator: "\n") + "\n")
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 1, "timeoutSeconds": 10, "maxAttempts": 1]
        try workspace.writeConfig()
        try server.setFaults(
            #"{"rcpt": {"*@strict.example": "550 5.7.1 Message rejected: the sending domain fails DMARC"}}"#
        )
        let send = try workspace.run("send")
        #expect(send.status == 75, "\(send)")
        #expect(
            send.stderr.contains(
                "stopped: 5 of the last 9 attempts refused for the sender's side (strict.example 5): "
                    + "550 RCPT failed: 5.7.1 Message rejected: the sending domain fails DMARC"
            ),
            "\(send)"
        )
    }

    /// Twelve readers at strict.example, which refuses every one of them for DMARC, sent to over one
    /// connection, once each, with `bounces` as given.
    private func refusingDomain(_ server: TestSMTPServer, bounces: [String: Any]) throws -> Workspace {
        let readers = (0..<12).map { "reader\($0)@strict.example,," }
        let workspace = try Workspace(subscribers: "email,name,topics\n" + readers.joined(separator: "\n") + "\n")
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 1, "timeoutSeconds": 10, "maxAttempts": 1]
        workspace.extraConfig["bounces"] = bounces
        try workspace.writeConfig()
        try server.setFaults(#"{"rcpt": {"*": "550 5.7.26 Unauthenticated mail: it fails its DMARC policy"}}"#)
        return workspace
    }

    @Test func blockedShareOneTurnsTheBreakerOffAndOutOfRangeIsRefused() throws {
        let server = try TestSMTPServer()
        let workspace = try refusingDomain(server, bounces: ["blockedShare": 1])
        let send = try workspace.run("send")
        #expect(send.status == 0, "\(send)")
        #expect(
            try StateDump.query(workspace.state, "SELECT state, COUNT(*) FROM delivery GROUP BY state") == [
                "failed\t12"
            ]
        )

        workspace.extraConfig["bounces"] = ["blockedShare": 0]
        try workspace.writeConfig()
        let check = try workspace.run("check")
        #expect(check.status == 78)
        #expect(check.stderr.contains("bounces.blockedShare: must be more than 0 and at most 1"), "\(check)")
    }

    /// An issue complete for longer than `retention.deliveryDays` keeps its counts, not its rows.
    @Test func theNextSendCollapsesTheRowsOfMailingsPastTheRetention() throws {
        let server = try TestSMTPServer()
        let workspace = try workspace(server)
        #expect(try workspace.run("send").status == 0)
        try StateDump.execute(workspace.state, "UPDATE mailing SET completedAt = '2026-01-05T08:00:00Z'")
        try workspace.addItem("later", topic: "Online safety", title: "A later report", date: "2026-11-21")
        #expect(try workspace.run("send").status == 0)
        let rows = try StateDump.query(
            workspace.state,
            "SELECT m.number, m.collapsedAt IS NOT NULL, m.sentCount, (SELECT COUNT(*) FROM delivery d "
                + "WHERE d.mailingId = m.id) FROM mailing m ORDER BY m.number"
        )
        #expect(rows == ["1\t1\t3\t0", "2\t0\tNone\t3"], "\(rows)")
        #expect(try tally(server).values.allSatisfy { $0 == 2 }, "each reader got both issues")

        workspace.extraConfig["retention"] = ["deliveryDays": 3]
        try workspace.writeConfig()
        let check = try workspace.run("check")
        #expect(check.status == 78)
        #expect(check.stderr.contains("retention.deliveryDays: must be between 7 and 36500"), "\(check)")
    }

    @Test func aSmallerBlockedWindowTripsSoonerAndATooSmallOneIsRefused() throws {
        let server = try TestSMTPServer()
        let workspace = try refusingDomain(server, bounces: ["blockedWindow": 5])
        let send = try workspace.run("send")
        #expect(send.status == 75, "\(send)")
        #expect(send.stderr.contains("5 of the last 5 attempts refused"), "\(send)")
        let states = try StateDump.query(workspace.state, "SELECT state, COUNT(*) FROM delivery GROUP BY state")
        #expect(states == ["failed\t5", "pending\t7"], "\(states)")

        workspace.extraConfig["bounces"] = ["blockedWindow": 3]
        try workspace.writeConfig()
        let check = try workspace.run("check")
        #expect(check.status == 78)
        #expect(check.stderr.contains("bounces.blockedWindow: must be between 5 and 10000"), "\(check)")
    }
}
