import Foundation
import TestSupport
import Testing

/// `send` through the relay most lists have: a real Postfix, with STARTTLS, AUTH through Dovecot
/// SASL, CHUNKING on (its default since 3.4) and off, and a recipient it refuses.
@Suite struct PostfixRelayTests {
    static let refusal = "550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown"

    /// A workspace of `readers` generated readers plus `gone@example.org`, sending through `relay`.
    private func workspace(readers: Int, relay: TestPostfix, connections: Int = 4) throws -> Workspace {
        let workspace = try Workspace(
            subscribers: Workspace.generatedSubscribers(readers) + "gone@example.org,Gone Away,\n"
        )
        var smtp: [String: Any] = [
            "url": "smtp://127.0.0.1:\(relay.port)", "connections": connections, "timeoutSeconds": 10,
            "maxAttempts": 1,
        ]
        if let certificate = relay.certificate {
            smtp["tls"] = "starttls"
            smtp["caFile"] = certificate.certificatePath
        } else {
            smtp["tls"] = "none"
        }
        smtp["username"] = relay.user
        smtp["passwordEnv"] = "RELAY_PASSWORD"
        workspace.smtp = smtp
        try workspace.writeConfig()
        return workspace
    }

    /// `message` as the reader's mail system would compare it: LF line ends, no `Received:` field the
    /// relay added, no `Date:` (a preview and a send are made at different moments).
    private func comparable(_ message: [UInt8]) -> [String] {
        let text = String(decoding: message, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        var lines: [String] = []
        var skipping = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("Received:") || line.hasPrefix("Date:") {
                skipping = true
                continue
            }
            if skipping, line.hasPrefix(" ") || line.hasPrefix("\t") { continue }
            skipping = false
            lines.append(String(line))
        }
        return lines
    }

    @Test(arguments: [true, false])
    func everyReaderOnceByteForByteOverTLSAndAUTHWithQUITInEverySession(chunking: Bool) throws {
        var options = TestPostfix.Options()
        options.chunking = chunking
        options.tls = true
        options.authentication = true
        options.refused = ["gone@example.org": Self.refusal]
        let relay = try TestPostfix(options)
        let workspace = try workspace(readers: 40, relay: relay)
        let environment = ["RELAY_PASSWORD": relay.password]
        let sampled = ["reader0001@example.org", "reader0017@example.org", "reader0040@example.org"]
        var previews: [String: [UInt8]] = [:]
        for address in sampled {
            let preview = try workspace.run(["preview", "--format", "eml", "--to", address], environment: environment)
            #expect(preview.status == 0, "\(preview)")
            previews[address] = Array(preview.output.utf8)
        }

        let sent = try workspace.run(["send"], environment: environment)
        #expect(sent.status == 0, "\(sent)")
        #expect(sent.stderr.contains("issue 1: 40 sent, 1 failed (41 recipients)"), "\(sent.stderr)")

        // Every accepted reader got exactly one copy; the sampled ones byte for byte their preview.
        let delivered = relay.messages()
        #expect(delivered.count == 40)
        #expect(delivered["gone@example.org"] == nil)
        for address in sampled {
            let copy = try #require(delivered[address], "no copy for \(address)")
            #expect(comparable(copy) == comparable(try #require(previews[address])), "\(address)")
        }
        // The refused reader is suppressed, with the relay's own words.
        let failed = try StateDump.query(workspace.state, "SELECT emailKey, reply FROM delivery WHERE state = 'failed'")
        #expect(failed.count == 1 && failed[0].hasPrefix("gone@example.org\t550"), "\(failed)")
        #expect(failed.first?.contains("User unknown") == true)
        #expect(try StateDump.query(workspace.state, "SELECT emailKey FROM suppression") == ["gone@example.org"])

        // Every session: TLS, one login, the transaction chunked or not as offered, and QUIT.
        let sessions = relay.sessions()
        #expect(!sessions.isEmpty && sessions.count <= 4, "\(sessions)")
        for session in sessions {
            #expect(session.contains(" starttls=1 ") && session.contains(" auth=1 "), "\(session)")
            #expect(session.contains(" quit=1 "), "a session without QUIT: \(session)")
            #expect(session.contains(" bdat=") == chunking && session.contains(" data=") == !chunking, "\(session)")
        }
    }

    /// A reader whose local part is UTF-8 needs a relay that offers SMTPUTF8; an internationalised
    /// domain goes out as A-labels and needs nothing.
    @Test(arguments: [true, false])
    func internationalAddressesGoThroughSMTPUTF8AndFailAloneWithout(offered: Bool) throws {
        var options = TestPostfix.Options()
        options.smtpUTF8 = offered
        let relay = try TestPostfix(options)
        let workspace = try Workspace(
            subscribers: "email,name,topics\nzoë@example.org,Zoë Ärmel,\nada@bücher.example,Ada,\nplain@example.org,,\n"
        )
        workspace.smtp = [
            "url": "smtp://127.0.0.1:\(relay.port)", "tls": "none", "connections": 1, "timeoutSeconds": 10,
            "maxAttempts": 1,
        ]
        try workspace.writeConfig()
        let check = try workspace.run("check")
        #expect(check.status == 0, "the list takes both addresses: \(check)")

        let sent = try workspace.run("send")
        #expect(sent.status == 0, "\(sent)")
        let delivered = relay.messages()
        #expect(delivered["ada@xn--bcher-kva.example"] != nil, "\(delivered.keys.sorted())")
        #expect(delivered["plain@example.org"] != nil)
        let ada = String(decoding: try #require(delivered["ada@xn--bcher-kva.example"]), as: UTF8.self)
        #expect(ada.contains("\nTo: Ada <ada@xn--bcher-kva.example>\n"), "\(ada.prefix(600))")
        if offered {
            let zoe = String(decoding: try #require(delivered["zoë@example.org"]), as: UTF8.self)
            #expect(zoe.contains("<zoë@example.org>"), "\(zoe.prefix(600))")
            #expect(try PythonEmail.inspect(Array(zoe.utf8)).to == "Zoë Ärmel <zoë@example.org>")
            #expect(relay.log().contains("to=<zoë@example.org>"))
        } else {
            #expect(delivered["zoë@example.org"] == nil)
            let failed = try StateDump.query(
                workspace.state,
                "SELECT emailKey, reply FROM delivery WHERE state = 'failed'"
            )
            #expect(failed.count == 1 && failed[0].hasPrefix("zoë@example.org\t"), "\(failed)")
            #expect(failed.first?.contains("does not offer SMTPUTF8") == true, "\(failed)")
            // The relay's limit, not the reader's fault: the reader stays on the list.
            #expect(try StateDump.query(workspace.state, "SELECT COUNT(*) FROM suppression") == ["0"])
        }
    }

    @Test func aWrongPasswordIsOneFailedLoginAndOneLine() throws {
        var options = TestPostfix.Options()
        options.tls = true
        options.authentication = true
        let relay = try TestPostfix(options)
        let workspace = try workspace(readers: 20, relay: relay, connections: 4)

        let sent = try workspace.run(["send"], environment: ["RELAY_PASSWORD": "not-the-password"])
        #expect(sent.status == 77, "\(sent)")
        #expect(sent.stderr.split(separator: "\n").count == 1, "\(sent.stderr)")
        #expect(sent.stderr.contains("refused the credentials"), "\(sent.stderr)")
        let failures = relay.log().components(separatedBy: "authentication failed").count - 1
        #expect(failures == 1, "\(failures) failed logins:\n\(relay.log())")
        #expect(relay.sessions().count == 1, "\(relay.sessions())")
        #expect(relay.messages().isEmpty)
        let pending = try StateDump.query(workspace.state, "SELECT COUNT(*) FROM delivery WHERE state = 'pending'")
        #expect(pending == ["21"], "a rerun with the right password delivers them all")
    }

    /// Postfix answers MAIL and RCPT in one segment and BDAT's "queued" in the next, with Nagle on:
    /// the second waits until the first is acknowledged. A client that leaves the ACK to its kernel's
    /// delayed-ACK timer waits 40 ms a message. Counted, not timed: in a network namespace of its
    /// own, the kernel's DelayedACKs counter sees only this relay and this send.
    @Test func noMessageWaitsOnADelayedACK() throws {
        let namespace = try TestNetworkNamespace()
        var options = TestPostfix.Options()
        options.capture = false
        options.namespace = namespace.name
        let relay = try TestPostfix(options)
        let workspace = try Workspace(subscribers: Workspace.generatedSubscribers(300))
        workspace.smtp = [
            "url": "smtp://127.0.0.1:\(relay.port)", "tls": "none", "connections": 1, "timeoutSeconds": 10,
            "maxAttempts": 1,
        ]
        try workspace.writeConfig()

        let before = try namespace.delayedACKs()
        let sent = try namespace.run(
            Workspace.binary,
            ["send", "--config", workspace.config.path],
            in: workspace.folder.url
        )
        let delayed = try namespace.delayedACKs() - before
        #expect(sent.status == 0, "\(sent)")
        #expect(sent.stderr.contains("300 sent"), "\(sent.stderr)")
        // Each message: its content in `BDAT n`, then `BDAT 0 LAST` at the head of the next group.
        #expect(relay.log().contains(" bdat=600 "), "\(relay.sessions())")
        #expect(delayed < 15, "\(delayed) delayed ACKs for 300 messages: replies waited on the client's ACK")
    }
}

/// SIGTERM during a send (systemd stopping the unit): the messages in flight finish and are
/// recorded, every session ends with QUIT, exit 75; the next run delivers the rest, no one twice.
@Suite struct StopSignalTests {
    @Test func aSIGTERMStopsCleanlyAndTheRerunDeliversTheRest() throws {
        var options = TestSMTPServer.Options()
        options.pipelining = true
        options.faults = #"{"delay_ms": 20}"#
        let server = try TestSMTPServer(options)
        let workspace = try Workspace(subscribers: Workspace.generatedSubscribers(300))
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 2, "timeoutSeconds": 10, "maxAttempts": 1]
        try workspace.writeConfig()

        let sending = try workspace.start("send")
        let deadline = Date().addingTimeInterval(60)
        while server.transactions().count < 20 && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        kill(sending.process.processIdentifier, SIGTERM)
        let stopped = try Command.wait(sending, timeout: 60)

        #expect(stopped.status == 75, "\(stopped)")
        #expect(stopped.stderr.contains("stopped by SIGTERM, the messages in flight finished"), "\(stopped.stderr)")
        let first = try server.messages().map(\.recipient)
        #expect(first.count >= 20 && first.count < 300, "\(first.count) sent before the stop")
        let sent = try StateDump.query(workspace.state, "SELECT COUNT(*) FROM delivery WHERE state = 'sent'")
        #expect(sent == ["\(first.count)"], "every message the server took is recorded as sent")
        let commands = server.commands()
        let sessions = Set(commands.map(\.connection))
        let quits = Set(commands.filter { $0.line == "QUIT" }.map(\.connection))
        #expect(quits == sessions, "every session ends with QUIT: \(sessions.count) sessions, \(quits.count) QUITs")

        let rerun = try workspace.run("send")
        #expect(rerun.status == 0, "\(rerun)")
        let all = try server.messages().map(\.recipient)
        #expect(all.count == 300 && Set(all).count == 300, "\(all.count) copies to \(Set(all).count) readers")
    }
}
