import Foundation
import Testing

@testable import TestSupport

/// A state database on a small tmpfs that fills up: each command says so in one line and loses
/// nothing, and the rerun after space is freed finishes the job.
@Suite(.serialized) struct FullDiskTests {
    /// A size-limited tmpfs mounted on a temporary folder for the test's lifetime (needs root, as the
    /// CI runs).
    final class SmallDisk {
        let folder: TemporaryFolder
        var url: URL { folder.url }
        private var filler: URL { folder.url.appendingPathComponent("filler") }

        init(megabytes: Int) throws {
            folder = try TemporaryFolder(prefix: "small-disk")
            let mounted = try Command.run(
                URL(fileURLWithPath: "/bin/mount"),
                ["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0700", "tmpfs", folder.url.path]
            )
            guard mounted.status == 0 else {
                throw HTTP.Failure(
                    description: "cannot mount a tmpfs (the full-disk tests need root, as the CI runs): \(mounted)"
                )
            }
        }

        /// Writes zeros until the file system refuses another byte.
        func fill() {
            let descriptor = open(filler.path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            guard descriptor >= 0 else { return }
            defer { close(descriptor) }
            let block = [UInt8](repeating: 0, count: 65_536)
            var size = block.count
            while size > 0 {
                if block.withUnsafeBytes({ write(descriptor, $0.baseAddress, size) }) < 0 { size /= 2 }
            }
        }

        /// Frees what ``fill()`` took.
        func free() { try? FileManager.default.removeItem(at: filler) }

        deinit { _ = try? Command.run(URL(fileURLWithPath: "/bin/umount"), ["-l", folder.url.path]) }
    }

    private func tally(_ server: TestSMTPServer) throws -> [String: Int] {
        try server.messages().reduce(into: [:]) { $0[$1.recipient.lowercased(), default: 0] += 1 }
    }

    @Test func aDiskThatFillsMidSendStopsWithOneLineAndTheRerunDeliversEveryoneOnce() async throws {
        let disk = try SmallDisk(megabytes: 16)
        // Each message takes 1.5 s to be accepted: the disk fills while the send is surely running,
        // however late a loaded machine lets this test look.
        var options = TestSMTPServer.Options()
        options.faults = #"{"delay_ms": 1500}"#
        let server = try TestSMTPServer(options)
        let workspace = try Workspace(subscribers: Workspace.generatedSubscribers(300))
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 2, "timeoutSeconds": 10, "maxAttempts": 2]
        workspace.extraConfig["state"] = disk.url.appendingPathComponent("state.sqlite").path
        try workspace.writeConfig()

        let sending = try workspace.start("send", "--quiet")
        let deadline = Date().addingTimeInterval(60)
        while try server.messages().count < 2 && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        disk.fill()
        let stopped = try await Command.finished(sending)
        #expect(stopped.status == 74, "\(stopped)")
        #expect(stopped.stderr.contains("the disk is full; free some space and run again"), "\(stopped)")
        #expect(stopped.stderr.split(separator: "\n").count == 1, "one line: \(stopped.stderr)")
        let before = try server.messages().count
        #expect(before >= 2 && before < 300, "the disk filled too late to test anything: \(before) delivered")

        disk.free()
        try server.setFaults("{}")
        let rerun = try workspace.run("send")
        #expect(rerun.status == 0, "\(rerun)")
        let tally = try tally(server)
        #expect(tally.count == 300, "somebody was lost")
        #expect(tally.values.filter { $0 > 1 }.count <= 2, "more second copies than connections: \(tally)")
    }

    /// What `fetch` and `import` left in an items folder: the item files, and any other (hidden) file.
    private func contents(_ folder: URL) throws -> (items: [String], others: [String]) {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "filler" }
        return (names.filter { $0.hasSuffix(".md") }, names.filter { !$0.hasSuffix(".md") })
    }

    @Test func fetchAndImportOnAFullDiskSayItInOneLineAndLeaveNoHalfWrittenItem() throws {
        let disk = try SmallDisk(megabytes: 1)
        let feeds = Repository.root.appendingPathComponent("Tests/IntakeCoreTests/Fixtures/feeds")
        let archive = Repository.root.appendingPathComponent("Tests/IntakeCoreTests/Fixtures/bulletins/archive-a.txt")
        let workspace = try Workspace(exampleItems: false)
        workspace.extraConfig["items"] = disk.url.path
        workspace.extraConfig["feeds"] = [
            ["url": feeds.appendingPathComponent("news.rss").absoluteString, "topic": "Neglect"]
        ]
        try workspace.writeConfig()

        disk.fill()
        for arguments in [["fetch"], ["import", archive.path]] {
            let full = try Command.run(
                Workspace.binary,
                arguments + ["--config", workspace.config.path],
                in: workspace.folder.url
            )
            #expect(full.status == 74, "\(arguments): \(full)")
            #expect(full.stderr.contains("the disk is full; free some space and run again"), "\(full)")
            #expect(full.stderr.split(separator: "\n").count == 1, "one line: \(full.stderr)")
            let left = try contents(disk.url)
            #expect(left.items.isEmpty && left.others.isEmpty, "\(arguments) left \(left)")
        }
        disk.free()
        let fetched = try workspace.run("fetch")
        #expect(fetched.status == 0, "\(fetched)")
        #expect(fetched.output.contains("3 new items, 0 seen before"), "nothing was taken as seen: \(fetched)")
        let imported = try workspace.run("import", archive.path)
        #expect(imported.status == 0, "\(imported)")
        #expect(try contents(disk.url).items.count > 3)
        #expect(try workspace.run("check").status == 0, "every item file is whole")
    }

    @Test func bouncesOnAFullDiskSaysItInOneLineAndRecordsNothingUntilThereIsSpace() throws {
        let disk = try SmallDisk(megabytes: 4)
        let server = try TestSMTPServer()
        let workspace = try Workspace()
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 1, "timeoutSeconds": 10, "maxAttempts": 2]
        workspace.extraConfig["state"] = disk.url.appendingPathComponent("state.sqlite").path
        try workspace.useReaderEndpoint(archive: false)
        #expect(try workspace.sendWithSecret().status == 0)
        let copy = try #require(try server.messages().first { $0.recipient == "ada@example.org" })
        let messageID = try #require(try PythonEmail.inspect(copy.bytes).header("Message-ID"))
        let report = try ReportFixture.make(
            "dsn-hard.eml",
            to: "news@example.org",
            recipient: "ada@example.org",
            messageID: messageID,
            uniqueID: "full-disk"
        )
        let reports = try TemporaryFolder(prefix: "reports")
        let file = try reports.write(Data(report), to: "ada.eml").path
        let state = disk.url.appendingPathComponent("state.sqlite")

        disk.fill()
        let full = try workspace.run("bounces", file, environment: Workspace.secretEnvironment)
        #expect(full.status == 74, "\(full)")
        #expect(full.stderr.contains("the disk is full; free some space and run again"), "\(full)")
        #expect(full.stderr.split(separator: "\n").count == 1, "one line: \(full.stderr)")
        disk.free()
        #expect(try StateDump.query(state, "SELECT COUNT(*) FROM bounceFinding") == ["0"], "half-written")
        #expect(try StateDump.query(state, "SELECT COUNT(*) FROM suppression") == ["0"])

        let again = try workspace.run("bounces", file, environment: Workspace.secretEnvironment)
        #expect(again.status == 0, "\(again)")
        #expect(try StateDump.query(state, "SELECT emailKey FROM suppression") == ["ada@example.org"])
    }

    @Test func serveAnswers503OnAFullDiskWritesNothingAndRecoversOnceThereIsSpace() async throws {
        let disk = try SmallDisk(megabytes: 8)
        let server = try TestSMTPServer()
        let workspace = try Workspace(subscribers: Workspace.generatedSubscribers(20))
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 1, "timeoutSeconds": 10, "maxAttempts": 2]
        workspace.extraConfig["state"] = disk.url.appendingPathComponent("state.sqlite").path
        try workspace.useReaderEndpoint(archive: false)
        #expect(try workspace.sendWithSecret().status == 0)
        let state = disk.url.appendingPathComponent("state.sqlite")
        let tokens = try StateDump.query(state, "SELECT token FROM readerToken ORDER BY emailKey LIMIT 2")
        let serve = try await ServeProcess(workspace)
        defer { _ = try? serve.stop() }

        disk.fill()
        let refused = try await HTTP.oneClick(serve.url("/unsubscribe/\(tokens[0])"))
        #expect(refused.status == 503, "\(refused.status): \(refused.body)")
        disk.free()
        #expect(try StateDump.query(state, "SELECT COUNT(*) FROM suppression") == ["0"], "half-written")

        let answered = try await HTTP.oneClick(serve.url("/unsubscribe/\(tokens[1])"))
        #expect(answered.status == 200)
        #expect(try StateDump.query(state, "SELECT COUNT(*) FROM suppression") == ["1"])
    }
}
