import Foundation
import TestSupport
import Testing

/// `newsletter send` against a server that offers PIPELINING and CHUNKING, and the exact dry run:
/// the real binary, the real test server (aiosmtpd), a real SQLite state file.
@Suite struct PipelinedSendTests {
    private func workspace(
        _ server: TestSMTPServer,
        subscribers: String? = nil,
        connections: Int = 2
    ) throws -> Workspace {
        let workspace = try Workspace(subscribers: subscribers)
        workspace.smtp = [
            "url": server.url, "tls": "none", "connections": connections, "timeoutSeconds": 10, "maxAttempts": 2,
        ]
        try workspace.writeConfig()
        return workspace
    }

    private func tally(_ server: TestSMTPServer) throws -> [String: Int] {
        try server.messages().reduce(into: [:]) { $0[$1.recipient.lowercased(), default: 0] += 1 }
    }

    /// `bytes` without its `Date:` header field (the one part of a copy allowed to differ).
    private func withoutDate(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines: [Substring] = []
        var skipping = false
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("Date:") {
                skipping = true
                continue
            }
            if skipping, line.hasPrefix(" ") || line.hasPrefix("\t") { continue }
            skipping = false
            lines.append(line)
        }
        return lines.joined(separator: "\r\n")
    }

    @Test(arguments: [(true, false), (true, true), (false, true)])
    func killedMidSendLosesNobodyAndDuplicatesAtMostTheConnections(_ pipelining: Bool, _ chunking: Bool) async throws {
        let server = try TestSMTPServer(.init(faults: #"{"delay_ms": 20}"#, pipelining: pipelining, chunking: chunking))
        var csv = "email,name,topics\n"
        for index in 0..<200 { csv += "reader\(index)@example.org,Reader \(index),\n" }
        let workspace = try workspace(server, subscribers: csv, connections: 3)
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
        #expect(server.commands().contains { $0.pipelined } == pipelining)
    }

    @Test func aConnectionDroppedAfterTheEndOfDataIsDeferredAndResent() throws {
        let server = try TestSMTPServer(.init(faults: #"{"close_in_data": ["ada@*"]}"#, pipelining: true))
        let workspace = try workspace(server, connections: 1)
        let first = try workspace.run("send")
        #expect(first.status == 75, "\(first)")
        #expect(try tally(server) == ["grace@example.org": 1, "zoe@example.net": 1])
        try server.setFaults("{}")
        #expect(try workspace.run("send").status == 0)
        #expect(try tally(server) == ["ada@example.org": 1, "grace@example.org": 1, "zoe@example.net": 1])
    }

    @Test func previewEmlIsByteForByteWhatTheReaderReceives() throws {
        let server = try TestSMTPServer(.init(pipelining: true))
        let workspace = try workspace(server)
        let preview = try workspace.run("preview", "--format", "eml", "--to", "zoe@example.net")
        #expect(preview.status == 0, "\(preview)")

        let test = try workspace.run("send", "--to", "zoe@example.net")
        #expect(test.status == 0, "\(test)")
        let testCopy = try #require(try server.messages().first)
        #expect(withoutDate(testCopy.bytes) == withoutDate([UInt8](preview.stdout)))
        #expect(
            String(decoding: preview.stdout, as: UTF8.self).contains("<zoe@example.net>"),
            "a listed subscriber is addressed by name"
        )

        let send = try workspace.run("send")
        #expect(send.status == 0, "\(send)")
        let weekly = try #require(try server.messages().dropFirst().first { $0.recipient == "zoe@example.net" })
        #expect(withoutDate(weekly.bytes) == withoutDate([UInt8](preview.stdout)))
    }
}
