import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real SMTP server for tests: `Fixtures/smtpd.py` run by Debian's `/usr/bin/python3` with aiosmtpd.
///
/// Each instance is its own process on its own port with its own spool and
/// faults file, so tests can run in parallel. It stops in ``stop()`` and in
/// deinit. When the server cannot start, `init` throws a ``TestSupportError``
/// whose message says how to fix the machine: tests fail, never skip.
package final class TestSMTPServer {
    /// What the server offers and requires.
    package struct Options {
        /// Offer STARTTLS (or, with ``implicitTLS``, speak TLS from the start) with this certificate.
        package var certificate: TestCertificate?
        /// Wrap the listening socket in TLS (smtps).
        package var implicitTLS = false
        /// Refuse MAIL before STARTTLS.
        package var requireTLS = false
        /// Offer AUTH PLAIN/LOGIN and require it with these credentials.
        package var credentials: (user: String, password: String)?
        /// The port to bind; 0 lets the system choose a free one.
        package var port = 0
        /// The initial faults file (see the script's doc comment).
        package var faults = "{}"
        /// Offer PIPELINING (RFC 2920).
        package var pipelining = false
        /// Offer CHUNKING (RFC 3030) and take BDAT.
        package var chunking = false
        /// Offer DSN (RFC 3461).
        package var deliveryStatusNotification = false
        /// Offer SMTPUTF8 (RFC 6531).
        package var smtpUTF8 = false
        /// The SIZE limit offered; 0 withholds SIZE.
        package var sizeLimit = 33_554_432

        /// A server with these features; by default plain text, no AUTH, a free port, no faults.
        package init(
            certificate: TestCertificate? = nil,
            implicitTLS: Bool = false,
            requireTLS: Bool = false,
            credentials: (user: String, password: String)? = nil,
            port: Int = 0,
            faults: String = "{}",
            pipelining: Bool = false,
            chunking: Bool = false,
            deliveryStatusNotification: Bool = false,
            smtpUTF8: Bool = false,
            sizeLimit: Int = 33_554_432
        ) {
            self.pipelining = pipelining
            self.chunking = chunking
            self.deliveryStatusNotification = deliveryStatusNotification
            self.smtpUTF8 = smtpUTF8
            self.sizeLimit = sizeLimit
            self.certificate = certificate
            self.implicitTLS = implicitTLS
            self.requireTLS = requireTLS
            self.credentials = credentials
            self.port = port
            self.faults = faults
        }
    }

    /// One command line the server received (MAIL, RCPT, DATA, BDAT or RSET), from `commands.log`.
    package struct ReceivedCommand: Equatable, Sendable {
        /// The connection it came on, counted from 1.
        package var connection: Int
        /// Whether more input was already waiting when it was handled: the client pipelined.
        package var pipelined: Bool
        /// The command line, without its line end.
        package var line: String
    }

    /// One message the server accepted.
    package struct StoredMessage: Equatable {
        /// The envelope recipient (RCPT TO).
        package var recipient: String
        /// The message as received, after SMTP dot-unstuffing.
        package var bytes: [UInt8]
        /// The envelope sender (MAIL FROM), when the server recorded it; not part of `==`.
        package var sender: String? = nil

        /// Same recipient, same bytes.
        package static func == (lhs: StoredMessage, rhs: StoredMessage) -> Bool {
            lhs.recipient == rhs.recipient && lhs.bytes == rhs.bytes
        }

        /// A message `recipient` received.
        package init(recipient: String, bytes: [UInt8]) {
            self.recipient = recipient
            self.bytes = bytes
        }
    }

    /// The Python interpreter that has Debian's python3-aiosmtpd.
    package static let python = "/usr/bin/python3"
    /// The hint given whenever the server cannot start.
    package static let hint =
        "the SMTP test server needs Debian's python3-aiosmtpd for /usr/bin/python3: apt-get install python3-aiosmtpd"

    /// The port the server listens on (127.0.0.1).
    package let port: Int
    /// `smtp://127.0.0.1:PORT`, or `smtps://…` with implicit TLS.
    package let url: String
    /// Where accepted messages are stored.
    package let spool: URL
    /// Holds the spool, the faults file and the server's stderr log.
    private let directory: TemporaryFolder
    /// The faults file, re-read by the server at every transaction.
    private let faultsPath: String
    /// The server's stderr, for error messages.
    private let errorLogPath: String
    /// The running script.
    private let process: Process
    /// The script's stdin: closing it also stops the server.
    private let input: Pipe
    /// Set once ``stop()`` has run.
    private var stopped = false

    /// Starts a server and waits (at most 10 s) until it listens.
    package init(_ options: Options = Options()) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            throw TestSupportError(description: "\(Self.python) is missing; \(Self.hint)")
        }
        directory = try TemporaryFolder(prefix: "smtpd")
        spool = directory.url.appendingPathComponent("spool", isDirectory: true)
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        faultsPath = directory.path("faults.json")
        errorLogPath = directory.path("smtpd.err")
        try options.faults.write(toFile: faultsPath, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: errorLogPath, contents: nil)

        var arguments = [
            Self.scriptPath, "--spool", spool.path, "--faults", faultsPath, "--port", String(options.port),
        ]
        if let certificate = options.certificate {
            arguments += ["--tls-cert", certificate.certificatePath, "--tls-key", certificate.keyPath]
        }
        if options.implicitTLS {
            arguments.append("--implicit-tls")
        }
        if options.requireTLS {
            arguments.append("--require-tls")
        }
        if let credentials = options.credentials {
            arguments += ["--auth", "\(credentials.user):\(credentials.password)"]
        }
        if options.pipelining { arguments.append("--pipelining") }
        if options.chunking { arguments.append("--chunking") }
        if options.deliveryStatusNotification { arguments.append("--dsn") }
        if options.smtpUTF8 { arguments.append("--smtputf8") }
        arguments += ["--size", String(options.sizeLimit)]

        let output = Pipe()
        input = Pipe()
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: errorLogPath)
        try process.run()

        let line = Self.readLine(from: output.fileHandleForReading.fileDescriptor, timeoutSeconds: 10)
        guard let line, line.hasPrefix("READY "), let port = Int(line.dropFirst("READY ".count)) else {
            let log = (try? String(contentsOfFile: errorLogPath, encoding: .utf8)) ?? ""
            let cause = line == nil ? "exited or was not ready within 10 s" : "said \(line ?? "")"
            Self.terminate(process, input: input)
            throw TestSupportError(
                description: "the SMTP test server \(cause); \(Self.hint). Its stderr: \(log.suffix(800))"
            )
        }
        self.port = port
        url = "\(options.implicitTLS ? "smtps" : "smtp")://127.0.0.1:\(port)"
    }

    deinit {
        stop()
    }

    /// Stops the server (SIGTERM, then SIGKILL after 5 s); safe to call twice.
    package func stop() {
        guard !stopped else { return }
        stopped = true
        Self.terminate(process, input: input)
    }

    /// Replaces the faults file; the server reads it at its next transaction.
    package func setFaults(_ json: String) throws {
        try json.write(toFile: faultsPath, atomically: true, encoding: .utf8)
    }

    /// The messages accepted so far, oldest first.
    package func messages() throws -> [StoredMessage] {
        let names = try FileManager.default.contentsOfDirectory(atPath: spool.path)
            .filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }
            .sorted()
        return try names.map { name in
            let encoded = name.dropLast(".eml".count).drop { $0 != "-" }.dropFirst()
            let data = try Data(contentsOf: spool.appendingPathComponent(name))
            var message = StoredMessage(
                recipient: String(encoded).removingPercentEncoding ?? String(encoded),
                bytes: [UInt8](data)
            )
            message.sender = try? String(contentsOf: spool.appendingPathComponent(name + ".sender"), encoding: .utf8)
            return message
        }
    }

    /// The MAIL, RCPT, DATA, BDAT and RSET lines received so far, in order.
    package func commands() -> [ReceivedCommand] {
        let log = (try? String(contentsOf: spool.appendingPathComponent("commands.log"), encoding: .utf8)) ?? ""
        return log.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let connection = Int(fields[0]) else { return nil }
            return ReceivedCommand(connection: connection, pipelined: fields[1] == "1", line: String(fields[2]))
        }
    }

    /// How many connections the server has accepted so far.
    package func connectionCount() -> Int {
        let log = (try? String(contentsOf: spool.appendingPathComponent("connections.log"), encoding: .utf8)) ?? ""
        return log.split(separator: "\n").count
    }

    /// `Tests/TestSupport/Fixtures/smtpd.py`.
    private static var scriptPath: String {
        Repository.supportFixture("smtpd.py").path
    }

    /// Reads one line from `descriptor`, waiting at most `timeoutSeconds`; nil on timeout or EOF.
    private static func readLine(from descriptor: Int32, timeoutSeconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, remaining) > 0 else { return nil }
            guard read(descriptor, &byte, 1) == 1 else { return nil }
            if byte == UInt8(ascii: "\n") {
                return String(decoding: line, as: UTF8.self)
            }
            line.append(byte)
        }
    }

    /// Stops `process`: EOF on stdin and SIGTERM, then SIGKILL if it lingers.
    private static func terminate(_ process: Process, input: Pipe) {
        try? input.fileHandleForWriting.close()
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline {
            usleep(10_000)
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }
}
