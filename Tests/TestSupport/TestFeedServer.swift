import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP server for the feed tests: `Fixtures/feedserver.py` run by `/usr/bin/python3`
/// (standard library only) on a free loopback port, serving a folder of feeds.
///
/// See the script for its paths: ETag and Last-Modified with 304s, gzip, a 500, a stalled
/// response, an oversized chunked body, a redirect loop. When it cannot start, `init` throws
/// with a hint: tests fail, never skip.
package final class TestFeedServer {
    /// One request the server saw.
    package struct Request: Decodable, Equatable {
        /// The request path.
        package var path: String
        /// The `If-None-Match` header sent.
        package var ifNoneMatch: String?
        /// The `If-Modified-Since` header sent.
        package var ifModifiedSince: String?
        /// The `Accept-Encoding` header sent.
        package var acceptEncoding: String?

        enum CodingKeys: String, CodingKey {
            case path
            case ifNoneMatch = "if-none-match"
            case ifModifiedSince = "if-modified-since"
            case acceptEncoding =
                "accept-encoding"
        }
    }

    /// `http://127.0.0.1:PORT`.
    package let base: String
    private let folder: TemporaryFolder
    private let process: Process
    private let input: Pipe
    private var stopped = false

    /// Starts a server for the files in `root` and waits (at most 10 s) until it listens; with
    /// `certificate`, over HTTPS.
    package init(root: URL, certificate: TestCertificate? = nil) throws {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw TestSupportError(
                description:
                    "\(python) is missing; the feed test server needs Debian's python3: apt-get install python3"
            )
        }
        folder = try TemporaryFolder(prefix: "feedserver")
        _ = FileManager.default.createFile(atPath: folder.path("requests.log"), contents: nil)
        let output = Pipe()
        input = Pipe()
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            Repository.supportFixture("feedserver.py").path, "--root", root.path, "--log", folder.path("requests.log"),
        ]
        if let certificate {
            process.arguments! += ["--tls-cert", certificate.certificatePath, "--tls-key", certificate.keyPath]
        }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var line: [UInt8] = []
        var byte: UInt8 = 0
        let descriptor = output.fileHandleForReading.fileDescriptor
        let deadline = Date().addingTimeInterval(10)
        while true {
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, Int32(max(0, deadline.timeIntervalSinceNow * 1000))) > 0,
                read(descriptor, &byte, 1) == 1
            else { break }
            if byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6)) else {
            try? input.fileHandleForWriting.close()
            process.terminate()
            throw TestSupportError(
                description: "the feed test server did not start (said '\(text)'); check /usr/bin/python3"
            )
        }
        base = "\(certificate == nil ? "http" : "https")://127.0.0.1:\(port)"
    }

    deinit { stop() }

    /// Stops the server; safe to call twice.
    package func stop() {
        guard !stopped else { return }
        stopped = true
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The requests seen so far, oldest first.
    package func requests() throws -> [Request] {
        let text = try String(contentsOfFile: folder.path("requests.log"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }
}
