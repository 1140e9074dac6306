import Foundation
import Testing

@testable import TestSupport

/// A mailing is recorded in short transactions, a chunk of readers each, and becomes sendable only
/// once all of them are in: `serve` answers readers throughout, and a kill between chunks leaves
/// nothing that a rerun could take for a whole mailing.
@Suite(.serialized) struct RecordingTests {
    /// Recipients of the stored messages, with how many copies each got.
    private func tally(_ server: TestSMTPServer) throws -> [String: Int] {
        try server.messages().reduce(into: [:]) { $0[$1.recipient.lowercased(), default: 0] += 1 }
    }

    private func workspace(_ server: TestSMTPServer, readers: Int) throws -> Workspace {
        let workspace = try Workspace(subscribers: Workspace.generatedSubscribers(readers))
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 2, "timeoutSeconds": 10, "maxAttempts": 2]
        try workspace.useReaderEndpoint(archive: false)
        return workspace
    }

    /// Whether issue `number` is in the ledger and still being recorded.
    private func isRecording(_ workspace: Workspace, issue number: Int) throws -> Bool {
        let rows = try StateDump.query(
            workspace.state,
            "SELECT recordedAt IS NULL FROM mailing WHERE kind = 'issue' AND number = \(number)"
        )
        return rows == ["1"]
    }

    /// Waits, suspended rather than blocking one of the test process's few threads, until `condition` holds.
    private func waitUntil(_ condition: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(60)
        while try !condition() {
            guard Date() < deadline else { throw HTTP.Failure(description: "waited 60 s in vain") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func unsubscribesWhileAMailingIsRecordedAreAnsweredAtOnceAndHonoured() async throws {
        let server = try TestSMTPServer()
        let workspace = try workspace(server, readers: 2_000)
        #expect(try workspace.sendWithSecret().status == 0)
        #expect(try server.messages().count == 2_000)
        let leaving = [7, 512, 1_024, 1_600, 1_999].map { String(format: "reader%04d@example.org", $0) }
        var tokens: [String: String] = [:]
        for address in leaving {
            tokens[address] = try #require(
                try StateDump.query(workspace.state, "SELECT token FROM readerToken WHERE emailKey = '\(address)'")
                    .first
            )
        }
        let serve = try await ServeProcess(workspace)
        defer { _ = try? serve.stop() }

        try workspace.addItem("second", topic: "Online safety", title: "The second report", date: "2026-11-22")
        // 40 chunks with 0.8 s between them: the recording lasts 32 s, however late a loaded machine
        // lets this test send its requests (on a busy CI machine a request has taken 7 s).
        let sending = try workspace.start(
            "send",
            "--quiet",
            "--recording-chunk",
            "50",
            "--recording-pause-ms",
            "800",
            environment: Workspace.secretEnvironment
        )
        try await waitUntil { (try? isRecording(workspace, issue: 2)) == true }
        for address in leaving {
            let answer = try await HTTP.oneClick(serve.url("/unsubscribe/\(tokens[address] ?? "")"))
            #expect(answer.status == 200, "\(address): \(answer.status)")
            // Answered while the send still holds the mailing open: no transaction of it held the
            // database for the whole recording.
            #expect(try isRecording(workspace, issue: 2), "the answer came only after the recording")
        }
        let sent = try await Command.finished(sending)
        #expect(sent.status == 0, "\(sent)")
        let second = try server.messages().dropFirst(2_000)
        let recipients = second.map { $0.recipient.lowercased() }
        #expect(recipients.count == 1_995, "everyone but the five who left, once each")
        #expect(Set(recipients).count == recipients.count)
        #expect(Set(recipients).isDisjoint(with: leaving))
    }

    @Test func killedBetweenChunksTheRerunFinishesTheRecordingAndSendsEachReaderOnce() async throws {
        let server = try TestSMTPServer()
        let workspace = try workspace(server, readers: 1_000)
        // 20 chunks with 0.5 s between them: the kill comes mid-recording even on a loaded machine.
        let recording = try workspace.start(
            "send",
            "--quiet",
            "--recording-chunk",
            "50",
            "--recording-pause-ms",
            "500",
            environment: Workspace.secretEnvironment
        )
        try await waitUntil {
            // Before the send creates the file and its tables, the query fails: not yet.
            let count = (try? StateDump.query(workspace.state, "SELECT COUNT(*) FROM delivery"))?.first ?? "0"
            return (Int(count) ?? 0) >= 150
        }
        kill(recording.process.processIdentifier, SIGKILL)
        #expect(try await Command.finished(recording).status == 128 + SIGKILL)
        let recorded = Int(try StateDump.query(workspace.state, "SELECT COUNT(*) FROM delivery").first ?? "") ?? 0
        #expect(recorded >= 150 && recorded < 1_000, "the kill came too late: \(recorded) recorded")
        #expect(try isRecording(workspace, issue: 1))
        #expect(try server.messages().isEmpty, "nothing of a half-recorded mailing is sent")

        let status = try workspace.run("status", environment: Workspace.secretEnvironment)
        #expect(status.output.contains("recording cut short: the next `newsletter send` records the rest"), "\(status)")

        let rerun = try workspace.sendWithSecret()
        #expect(rerun.status == 0, "\(rerun)")
        #expect(rerun.stderr.contains("issue 1"), "the rerun sends the same issue: \(rerun)")
        let tally = try tally(server)
        #expect(tally.count == 1_000, "somebody was lost")
        #expect(tally.values.allSatisfy { $0 == 1 }, "a reader got two copies")
        #expect(try !isRecording(workspace, issue: 1))
        #expect(try StateDump.query(workspace.state, "SELECT COUNT(*) FROM mailing") == ["1"])
    }
}
