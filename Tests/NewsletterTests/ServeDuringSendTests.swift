import Foundation
import TestSupport
import Testing

/// `serve` and `send` on the same state file at once: one-click unsubscribes arriving while a
/// 2,000-recipient send runs.
@Suite struct ServeDuringSendTests {
    @Test func unsubscribesDuringASendAreNeverLostAndStopFurtherMessages() async throws {
        var options = TestSMTPServer.Options()
        options.faults = "{}"
        let server = try TestSMTPServer(options)
        let workspace = try Workspace(subscribers: Workspace.generatedSubscribers(2000))
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 2, "timeoutSeconds": 10, "maxAttempts": 2]
        try workspace.useReaderEndpoint(archive: false)

        // Issue 1 hands every reader their token.
        let first = try workspace.sendWithSecret(timeout: 300)
        #expect(first.status == 0, "\(first)")
        let tokens = try StateDump.query(workspace.state, "SELECT email, token FROM readerToken ORDER BY email")
            .map { $0.split(separator: "\t").map(String.init) }
        #expect(tokens.count == 2000)
        let issue1Count = try server.messages().count
        #expect(issue1Count == 2000)

        // Every tenth reader unsubscribes while issue 2 goes out, slowed by the server so that its
        // 1,800 messages take at least 27 s: longer than the 2 s the posts take, even when the rest
        // of the suite (the sign-up tests' thousand requests, a browser, tests that block the test
        // process's two cooperative threads) keeps this test from running for a while.
        let leaving = stride(from: 5, to: 2000, by: 10).map { tokens[$0] }
        #expect(leaving.count == 200)
        try server.setFaults(#"{"delay_ms": 30}"#)
        try workspace.addItem("later", topic: "Online safety", title: "A later report", date: "2026-11-21")
        let serve = try await ServeProcess(workspace)
        let sending = try workspace.start("send", environment: Workspace.secretEnvironment)
        // Start posting once issue 2 is on its way.
        let deadline = Date().addingTimeInterval(60)
        while server.transactions().count < issue1Count + 20 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }

        let answers = try await withThrowingTaskGroup(of: (String, HTTP.Answer).self) { group in
            for (index, pair) in leaving.enumerated() {
                group.addTask {
                    try await Task.sleep(for: .milliseconds(index * 10))
                    return (pair[0], try await HTTP.oneClick(serve.url("/unsubscribe/" + pair[1])))
                }
            }
            var answers: [String: HTTP.Answer] = [:]
            for try await (email, answer) in group { answers[email] = answer }
            return answers
        }
        let sent = try await Command.finished(sending)
        #expect(sent.status == 0, "\(sent)")
        #expect(
            !sent.stderr.lowercased().contains("locked") && !sent.stderr.lowercased().contains("busy"),
            "\(sent.stderr)"
        )
        let stopped = try serve.stop()
        #expect(stopped.status == 0)
        #expect(
            !stopped.stderr.lowercased().contains("locked") && !stopped.stderr.contains(" 503 "),
            "\(stopped.stderr)"
        )

        // No lost write: every POST was answered 200 and every address is suppressed, by way of the web.
        #expect(answers.count == 200)
        #expect(answers.values.allSatisfy { $0.status == 200 }, "\(answers.values.map(\.status).filter { $0 != 200 })")
        let suppressed = try StateDump.query(workspace.state, "SELECT email FROM suppression WHERE kind = 'web'")
        #expect(Set(suppressed) == Set(leaving.map { $0[0] }))

        // No message to an address after its unsubscribe was answered.
        let issue2 = server.transactions().dropFirst(issue1Count)
        var late: [String] = []
        var sentToLeavers = 0
        for transaction in issue2 {
            guard let answer = answers[transaction.recipient.lowercased()] else { continue }
            sentToLeavers += 1
            if transaction.began > answer.received {
                late.append("\(transaction.recipient) began \(transaction.began) > \(answer.received)")
            }
        }
        #expect(late.isEmpty, "\(late.prefix(5))")
        // The unsubscribes really raced the send: some leavers were not reached any more.
        #expect(sentToLeavers < 200, "the send finished before the unsubscribes: the test proves nothing")
        let counts = try StateDump.query(
            workspace.state,
            """
            SELECT state, COUNT(*) FROM delivery WHERE mailingId = (SELECT MAX(id) FROM mailing)
            GROUP BY state ORDER BY state
            """
        )
        #expect(counts == ["failed\t\(200 - sentToLeavers)", "sent\t\(1800 + sentToLeavers)"], "\(counts)")
        #expect(issue2.count == 1800 + sentToLeavers)
    }
}
