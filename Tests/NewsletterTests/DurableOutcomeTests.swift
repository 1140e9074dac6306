import Foundation
import Testing

@testable import TestSupport

/// A power cut may lose what the disk has not been told to keep. Each outcome's commit is made
/// durable (fdatasync of the write-ahead log) before the next message's end of data goes out on
/// the same connection, so a power cut can cost at most the messages in flight a second copy.
/// `strace` watches the system calls: the README says how to check a real send the same way.
@Suite struct DurableOutcomeTests {
    @Test func eachEndOfDataWaitsForTheDurableCommitOfThePreviousOutcome() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/strace") else {
            Issue.record("no /usr/bin/strace: scripts/test.sh installs it (apt-get install strace)")
            return
        }
        // Postfix's smtp-sink: it offers PIPELINING, so each end of data rides with the next
        // envelope, after the reply that settled the message before.
        let server = try TestSMTPSink()
        let workspace = try Workspace(subscribers: Workspace.generatedSubscribers(12))
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 2, "timeoutSeconds": 10, "maxAttempts": 2]
        try workspace.writeConfig()
        let trace = workspace.folder.url.appendingPathComponent("trace.txt")
        let result = try Command.run(
            URL(fileURLWithPath: "/usr/bin/strace"),
            [
                "-f", "-s", "24", "-e", "trace=fdatasync,fsync,sendto,recvfrom", "-o", trace.path,
                Workspace.binary.path, "send", "--config", workspace.config.path,
            ],
            in: workspace.folder.url
        )
        #expect(result.status == 0, "\(result)")
        #expect(try server.messages().count == 12)

        // Per thread (one per connection): the line of its last reply read, and of its last end of data.
        var lastReply: [String: Int] = [:]
        var endsOfData: [String: Int] = [:]
        var durableCommits: [Int] = []
        var checked = 0
        let lines = try String(contentsOf: trace, encoding: .utf8).split(separator: "\n")
        for (index, line) in lines.enumerated() {
            let thread = String(line.prefix { $0 != " " })
            if line.contains("fdatasync(") && line.hasSuffix(" = 0") && !line.contains("unfinished")
                || line.contains("<... fdatasync resumed>") && line.hasSuffix(" = 0")
            {
                durableCommits.append(index)
            } else if line.contains("recvfrom(") && line.contains("\"250 ") && !line.contains("= -1") {
                lastReply[thread] = index
            } else if line.contains("sendto(") && line.contains(#"".\r\n"#) {
                if endsOfData[thread] != nil, let reply = lastReply[thread] {
                    // The reply read last carries the previous message's 250: its outcome must be on
                    // the disk before this end of data.
                    #expect(
                        durableCommits.contains { $0 > reply && $0 < index },
                        "end of data at line \(index + 1) without a durable commit since the reply at \(reply + 1)"
                    )
                    checked += 1
                }
                endsOfData[thread] = index
            }
        }
        #expect(checked >= 8, "the trace showed \(checked) ends of data after a first one: \(lines.suffix(20))")
    }
}
