import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Postfix's `smtp-sink` on a free loopback port, dumping every transaction to a folder: a second,
/// independent server that offers PIPELINING (and DSN) for the Mailer tests.
///
/// smtp-sink stores a message in Postfix's record form (LF line ends) after its own `X-…` envelope
/// lines and a `Received:` header; ``messages()`` undoes that. It stops in ``stop()`` and in deinit.
package final class TestSMTPSink {
    /// One transaction smtp-sink dumped.
    package struct Dump: Equatable {
        /// `X-Mail-Args`: what followed `MAIL FROM:`.
        package var mailArguments: String
        /// `X-Rcpt-Args`: what followed `RCPT TO:`.
        package var recipientArguments: String
        /// The message, with LF line ends, as the sink stored it.
        package var content: [UInt8]
    }

    /// The hint given whenever smtp-sink cannot start.
    package static let hint =
        "smtp-sink comes with Debian's postfix: echo 'postfix postfix/main_mailer_type select "
        + "No configuration' | debconf-set-selections; apt-get install -y postfix (scripts/test.sh does this)"

    /// `smtp://127.0.0.1:PORT`.
    package let url: String
    private let folder: TemporaryFolder
    private let dumps: URL
    private let process: Process

    /// Starts smtp-sink and waits (at most 10 s) until it accepts connections.
    package init() throws {
        let path = "/usr/sbin/smtp-sink"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSupportError(description: "\(path) is missing; \(Self.hint)")
        }
        folder = try TemporaryFolder(prefix: "smtp-sink")
        dumps = folder.url.appendingPathComponent("dumps", isDirectory: true)
        try FileManager.default.createDirectory(at: dumps, withIntermediateDirectories: true)
        // As root, smtp-sink drops to another user (-u), which must be able to write the dumps.
        _ = chmod(folder.url.path, 0o777)
        _ = chmod(dumps.path, 0o777)
        let port = try Self.freePort()
        var arguments = ["-d", dumps.path + "/%M.", "127.0.0.1:\(port)", "64"]
        if getuid() == 0 { arguments = ["-u", "nobody"] + arguments }
        process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        url = "smtp://127.0.0.1:\(port)"
        let deadline = Date().addingTimeInterval(10)
        while !Self.accepts(port: port) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw TestSupportError(
                    description: "smtp-sink did not listen on port \(port) within 10 s; \(Self.hint)"
                )
            }
            usleep(20_000)
        }
    }

    deinit { stop() }

    /// Stops smtp-sink (SIGKILL: it throws nothing away that a test still needs); safe to call twice.
    package func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The transactions dumped so far (in no particular order).
    package func messages() throws -> [Dump] {
        let names = try FileManager.default.contentsOfDirectory(atPath: dumps.path).sorted()
        return try names.map { name in
            let bytes = [UInt8](try Data(contentsOf: dumps.appendingPathComponent(name)))
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)[...]
            var dump = Dump(mailArguments: "", recipientArguments: "", content: [])
            while let line = lines.first, !line.starts(with: Array("Received:".utf8)) {
                let text = String(decoding: line, as: UTF8.self)
                if text.hasPrefix("X-Mail-Args: ") { dump.mailArguments = String(text.dropFirst(13)) }
                if text.hasPrefix("X-Rcpt-Args: ") { dump.recipientArguments = String(text.dropFirst(13)) }
                lines = lines.dropFirst()
            }
            lines = lines.dropFirst()
            while let line = lines.first, line.first == 0x09 || line.first == 0x20 { lines = lines.dropFirst() }
            // The sink ends each dump with an empty line of its own.
            dump.content = Array(lines.joined(separator: [0x0A]).dropLast())
            return dump
        }
    }

    /// A port nothing listens on now.
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw TestSupportError(description: "could not find a free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
