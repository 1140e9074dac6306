import Foundation
import Testing

@testable import TestSupport

/// Readers who get only their topics, end to end: the real binary sends the example issue through
/// the aiosmtpd test server to a mix of whole-issue readers, readers of two topics and readers whose
/// topics have nothing this week; Python's `email` reads every message, and each is what
/// `preview --to` showed for that reader, also after a `kill -9` and a rerun.
@Suite(.serialized) struct PersonalIssueTests {
    /// 13 readers: 5 on the whole issue (2 of them following topics), 3 of "Online safety" and
    /// "Early years" only, 2 of "Domestic abuse" only, 3 whose topics have no item this week.
    static let subscribers: String = {
        var rows = ["email,name,topics,issue"]
        for number in 1...3 { rows.append("whole\(number)@example.org,Whole \(number),,") }
        for number in 1...2 { rows.append("follows\(number)@example.org,Follows \(number),Online safety,whole") }
        for number in 1...3 { rows.append("two\(number)@example.org,Two \(number),Online safety;Early years,topics") }
        for number in 1...2 { rows.append("one\(number)@example.org,One \(number),Domestic abuse,topics") }
        for number in 1...3 { rows.append("quiet\(number)@example.org,Quiet \(number),Youth justice,topics") }
        return rows.joined(separator: "\n") + "\n"
    }()

    private func workspace(_ server: TestSMTPServer) throws -> Workspace {
        let workspace = try Workspace(subscribers: Self.subscribers)
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 2, "timeoutSeconds": 10, "maxAttempts": 2]
        workspace.extraConfig["subscribe"] = [
            "url": "https://news.example.org/subscribe", "consent": "Send me Safeguarding Weekly.",
        ]
        try workspace.useReaderEndpoint(archive: true)
        return workspace
    }

    /// Every reader's copy as `preview --to` shows it, text and HTML; `nil` when preview says they get none.
    private func previews(_ workspace: Workspace) throws -> [String: (text: String, html: String)?] {
        var copies: [String: (text: String, html: String)?] = [:]
        for line in Self.subscribers.split(separator: "\n").dropFirst() {
            let address = String(line.prefix { $0 != "," })
            let text = try workspace.run("preview", "--to", address, environment: Workspace.secretEnvironment)
            #expect(text.status == 0, "\(text)")
            if text.output.isEmpty {
                #expect(text.stderr.contains("gets no issue 1: none of those topics has an item in it"), "\(text)")
                copies[address] = .some(nil)
                continue
            }
            let html = try workspace.run(
                "preview",
                "--to",
                address,
                "--format",
                "html",
                environment: Workspace.secretEnvironment
            )
            copies[address] = (text.output, html.output)
        }
        return copies
    }

    /// Checks each message against its reader's preview, with Python's `email`; returns the recipients.
    private func expectMessagesMatch(
        _ messages: [TestSMTPServer.StoredMessage],
        _ previews: [String: (text: String, html: String)?]
    ) throws -> [String] {
        for message in messages {
            let report = try PythonEmail.inspect(message.bytes)
            #expect(report.allDefects.isEmpty, "\(message.recipient): \(report.allDefects)")
            let preview = try #require(
                previews[message.recipient.lowercased()] ?? nil,
                "\(message.recipient) got a copy"
            )
            let texts = report.texts.map { $0.replacingOccurrences(of: "\r\n", with: "\n") }
            #expect(texts == [preview.text, preview.html], "\(message.recipient)'s copy is not its preview")
        }
        return messages.map { $0.recipient.lowercased() }
    }

    @Test func eachReaderGetsTheirOwnCopyOnceEvenAfterAKillAndAQuietWeekGivesNothing() async throws {
        // Each message takes 0.5 s to be accepted, so the send lasts a few seconds; the kill comes from
        // a thread of its own, whatever the test's task is waiting for.
        var options = TestSMTPServer.Options()
        options.faults = #"{"delay_ms": 500}"#
        let server = try TestSMTPServer(options)
        let workspace = try workspace(server)
        let previews = try previews(workspace)
        #expect(previews.values.filter { $0 == nil }.count == 3, "the readers of Youth justice get none")

        // Killed mid-send, once two copies are out.
        let killed = try await workspace.sendKilled(
            onceItHolds: 2,
            on: server,
            environment: Workspace.secretEnvironment
        )
        #expect(killed.status == 128 + SIGKILL)
        let before = try server.messages().count
        #expect(before >= 2 && before < 10, "the kill came too late to test anything: \(before) sent")

        // The editor changes an item before the rerun: the rerun still sends what was recorded.
        let item = workspace.folder.url.appendingPathComponent("items/2026-09-ofcom-childrens-codes-one-year-on.md")
        let original = try String(contentsOf: item, encoding: .utf8)
        try original.replacingOccurrences(of: "Ofcom has published", with: "Ofcom has now published")
            .write(to: item, atomically: true, encoding: .utf8)
        try server.setFaults("{}")
        let rerun = try workspace.sendWithSecret()
        #expect(rerun.status == 0, "\(rerun)")
        #expect(rerun.stderr.contains("resumed issue 1"), "\(rerun)")
        #expect(rerun.stderr.contains("3 of them get only their topics, which have nothing this time"), "\(rerun)")

        // Every copy is its reader's preview, each reader with a copy got one, and at most the
        // copies in flight at the kill (2 connections) went twice.
        let messages = try server.messages()
        let recipients = try expectMessagesMatch(messages, previews)
        let tally = recipients.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        #expect(tally.keys.sorted() == previews.filter { $0.value != nil }.keys.sorted(), "somebody was lost")
        #expect(tally.values.filter { $0 > 1 }.count <= 2, "more second copies than connections: \(tally)")

        func text(of address: String) throws -> String {
            let message = try #require(messages.first { $0.recipient == address })
            return try PythonEmail.inspect(message.bytes).texts[0]
        }
        let two = try text(of: "two1@example.org")
        #expect(two.contains("This copy has only your topics: Early years and Online safety."))
        #expect(two.contains("https://news.example.org/subscribe/manage/"), "the line links to their page")
        #expect(!two.contains("Domestic abuse") && !two.contains("Information sharing"))
        let whole = try text(of: "follows1@example.org")
        #expect(!whole.contains("only your topics"))
        for topic in ["Domestic abuse", "Early years", "Information sharing", "Online safety"] {
            #expect(whole.contains("\n\(topic)\r\n"), "the whole issue has \(topic)")
        }
        let subjects = Set(try messages.map { try PythonEmail.inspect($0.bytes).subject ?? "" })
        #expect(subjects.count == 1, "one subject for every copy")

        let status = try workspace.run("status", environment: Workspace.secretEnvironment)
        #expect(
            status.output.contains("0 pending, 10 sent, 0 deferred, 0 failed, 3 skipped (readers of only their topics"),
            "\(status)"
        )
        #expect(status.output.contains("(complete)"), "a skipped reader is never left pending: \(status)")
        let show = try workspace.run(
            "subscribers",
            "show",
            "quiet1@example.org",
            environment: Workspace.secretEnvironment
        )
        #expect(show.output.contains("issue 1: skipped"), "\(show)")

        // The web archive shows the whole issue, whatever the copies.
        let page = try String(contentsOf: workspace.site.appendingPathComponent("1.html"), encoding: .utf8)
        #expect(page.contains(">Domestic abuse<") && page.contains(">Early years<"))
        #expect(!page.contains("only your topics"))
    }
}
