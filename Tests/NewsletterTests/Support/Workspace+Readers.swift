import Foundation
import TestSupport

extension Workspace {
    /// The secret the readers' tests sign links with.
    static let secretEnvironment = ["NEWSLETTER_SECRET": "k7Qv3xTf9LmN2pRs8wYz4bCd6eGh1jKo5uVi0aXq"]

    /// Signed unsubscribe links (`unsubscribe.secretEnv`) and, unless `archive` is false, a web archive in `site/`.
    func useReaderEndpoint(archive: Bool = true) throws {
        extraConfig["unsubscribe"] = [
            "mailto": "unsubscribe@example.org", "url": "https://news.example.org/unsubscribe",
            "secretEnv": "NEWSLETTER_SECRET",
        ]
        if archive { extraConfig["archive"] = ["folder": "site", "url": "https://news.example.org/newsletter/"] }
        try writeConfig()
    }

    /// The archive folder.
    var site: URL { folder.url.appendingPathComponent("site") }

    /// A subscriber list of `count` generated readers (`reader0001@example.org`, …).
    static func generatedSubscribers(_ count: Int) -> String {
        "email,name,topics\n"
            + (1...count).map { String(format: "reader%04d@example.org,Reader %d,", $0, $0) }.joined(separator: "\n")
            + "\n"
    }
}

/// `newsletter serve` running on a free loopback port, stopped (SIGTERM) by ``stop()``.
final class ServeProcess: @unchecked Sendable {
    // @unchecked: `running` is set in init and only read afterwards.
    let port: Int
    let running: Command.Running

    /// Starts `serve` for `workspace` and waits until `/healthz` answers.
    init(_ workspace: Workspace, extraArguments: [String] = []) async throws {
        port = try HTTP.freePort()
        running = try Command.start(
            Workspace.binary,
            ["serve", "--listen", "127.0.0.1:\(port)", "--config", workspace.config.path]
                + extraArguments,
            in: workspace.folder.url,
            environment: Workspace.secretEnvironment
        )
        // Counted probes as well as a deadline: when the test process's few cooperative threads are
        // busy with other tests, this loop may not run for a while, and a deadline alone would then
        // pass without a single probe having been made.
        let deadline = Date().addingTimeInterval(60)
        var probes = 0
        while Date() < deadline || probes < 50 {
            probes += 1
            if !running.process.isRunning {
                let result = try Command.wait(running)
                throw HTTP.Failure(description: "serve ended at once: \(result)")
            }
            // Raw TCP with a short timeout: a busy machine may take a while to start the binary.
            if let connection = try? RawConnection(port: port) {
                connection.send(Array("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
                if connection.readToEnd(timeout: 5).reply.hasPrefix("HTTP/1.1 200 ") { return }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let pid = running.process.processIdentifier
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        let states = threads.map { thread in
            let wchan = (try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/wchan", encoding: .utf8)) ?? "?"
            let syscall = (try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/syscall", encoding: .utf8)) ?? "?"
            return "\(thread): \(wchan) \(syscall.prefix(40))"
        }
        kill(pid, SIGKILL)
        let result = try Command.wait(running)
        throw HTTP.Failure(
            description: "serve did not answer /healthz within 60 s and \(probes) probes: \(result)\nthreads: \(states)"
        )
    }

    /// `http://127.0.0.1:PORT` + `path`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Sends SIGTERM and waits for the process to end.
    func stop() throws -> CommandResult {
        if running.process.isRunning { kill(running.process.processIdentifier, SIGTERM) }
        return try Command.wait(running, timeout: 20)
    }
}
