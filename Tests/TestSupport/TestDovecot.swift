import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real IMAP and POP3 server for tests: Debian's Dovecot, run in the foreground with a config,
/// certificate, user and Maildir of its own in a temporary folder (never the system service).
///
/// Listens on 127.0.0.1 on free ports: IMAP (STARTTLS, plain-text login refused before it), IMAPS
/// and POP3S. One user, ``user``, with ``password``. Stops in ``stop()`` and in deinit. When
/// Dovecot is missing or does not start, `init` throws with the fix: tests fail, never skip.
package final class TestDovecot {
    /// The hint given whenever the server cannot start.
    package static let hint = "the IMAP/POP3 tests need Dovecot: apt-get install dovecot-imapd dovecot-pop3d"

    /// The login name.
    package let user: String
    /// The password.
    package let password: String
    /// The server's certificate (self-signed, for 127.0.0.1): pass it as `caFile`.
    package let certificate: TestCertificate
    /// `imap://` with STARTTLS.
    package let imapPort: Int
    /// `imaps://`.
    package let imapsPort: Int
    /// `pop3s://`.
    package let pop3sPort: Int
    private let directory: TemporaryFolder
    private let process: Process
    private let owner: (uid: UInt32, gid: UInt32)
    private var stopped = false
    private var delivered = 0

    /// The user's Maildir.
    package var maildir: URL { directory.url.appendingPathComponent("home/\(user)/Maildir", isDirectory: true) }

    /// Starts Dovecot and waits (at most 10 s) until its IMAPS port answers.
    package init(password: String = "mailbox-secret") throws {
        self.password = password
        user = "bounces"
        let binary = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let binary else { throw TestSupportError(description: "/usr/sbin/dovecot is missing; \(Self.hint)") }
        certificate = try TestCertificate()
        directory = try TemporaryFolder(prefix: "dovecot")
        let ports = try (0..<3).map { _ in try Self.freePort() }
        (imapPort, imapsPort, pop3sPort) = (ports[0], ports[1], ports[2])
        let root = directory.url.path
        let asRoot = getuid() == 0
        owner = asRoot ? (65534, 65534) : (getuid(), getgid())
        for folder in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(
                atPath: "\(root)/home/\(user)/Maildir/\(folder)",
                withIntermediateDirectories: true
            )
        }
        try FileManager.default.createDirectory(atPath: "\(root)/run", withIntermediateDirectories: true)
        try "\(user):{PLAIN}\(password):\(owner.uid):\(owner.gid)::\(root)/home/\(user)\n".write(
            toFile: "\(root)/passwd",
            atomically: true,
            encoding: .utf8
        )
        var runAs = ""
        if !asRoot, let entry = getpwuid(getuid()), let group = getgrgid(getgid()) {
            let name = String(cString: entry.pointee.pw_name)
            runAs =
                "default_internal_user = \(name)\ndefault_login_user = \(name)\ndefault_internal_group = "
                + "\(String(cString: group.pointee.gr_name))\n"
        }
        try """
        base_dir = \(root)/run
        state_dir = \(root)/run/state
        log_path = \(root)/dovecot.log
        \(runAs)protocols = imap pop3
        listen = 127.0.0.1
        ssl = required
        ssl_cert = <\(certificate.certificatePath)
        ssl_key = <\(certificate.keyPath)
        disable_plaintext_auth = yes
        auth_mechanisms = plain login
        mail_location = maildir:~/Maildir
        passdb {
          driver = passwd-file
          args = scheme=PLAIN username_format=%u \(root)/passwd
        }
        userdb {
          driver = passwd-file
          args = username_format=%u \(root)/passwd
        }
        service imap-login {
          inet_listener imap {
            address = 127.0.0.1
            port = \(imapPort)
          }
          inet_listener imaps {
            address = 127.0.0.1
            port = \(imapsPort)
            ssl = yes
          }
        }
        service pop3-login {
          inet_listener pop3 {
            port = 0
          }
          inet_listener pop3s {
            address = 127.0.0.1
            port = \(pop3sPort)
            ssl = yes
          }
        }
        """.write(toFile: "\(root)/dovecot.conf", atomically: true, encoding: .utf8)
        try Self.chown(directory.url.appendingPathComponent("home"), to: owner)
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-F", "-c", "\(root)/dovecot.conf"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = "\(root)/dovecot.err"
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: errors)
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !Self.answers(port: imapsPort) || !Self.answers(port: pop3sPort) {
            guard process.isRunning, Date() < deadline else {
                let log =
                    ((try? String(contentsOfFile: errors, encoding: .utf8)) ?? "")
                    + ((try? String(contentsOfFile: "\(root)/dovecot.log", encoding: .utf8)) ?? "")
                stop()
                throw TestSupportError(
                    description: "Dovecot did not start within 10 s; \(Self.hint). Its log: \(log.suffix(800))"
                )
            }
            usleep(50_000)
        }
    }

    deinit { stop() }

    /// Stops the server (SIGTERM, then SIGKILL after 5 s); safe to call twice.
    package func stop() {
        guard !stopped else { return }
        stopped = true
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Puts `bytes` into the inbox as a new message, as a local delivery agent would.
    package func deliver(_ bytes: [UInt8]) throws {
        delivered += 1
        let name = "\(Int(Date().timeIntervalSince1970)).M\(delivered)P\(getpid()).test"
        let temporary = maildir.appendingPathComponent("tmp/\(name)")
        try Data(bytes).write(to: temporary)
        _ = Glibc.chown(temporary.path, owner.uid, owner.gid)
        try FileManager.default.moveItem(at: temporary, to: maildir.appendingPathComponent("new/\(name)"))
    }

    /// The messages in `folder` (`INBOX`, or a folder such as `Processed`), not flagged deleted.
    package func messages(in folder: String) -> [[UInt8]] {
        let base = folder == "INBOX" ? maildir : maildir.appendingPathComponent(".\(folder)")
        var result: [[UInt8]] = []
        for sub in ["new", "cur"] {
            let names =
                (try? FileManager.default.contentsOfDirectory(atPath: base.appendingPathComponent(sub).path)) ?? []
            for name in names.sorted() {
                if let flags = name.range(of: ":2,").map({ name[$0.upperBound...] }), flags.contains("T") { continue }
                if let data = FileManager.default.contents(atPath: base.appendingPathComponent("\(sub)/\(name)").path) {
                    result.append([UInt8](data))
                }
            }
        }
        return result
    }

    private static func chown(_ url: URL, to owner: (uid: UInt32, gid: UInt32)) throws {
        _ = Glibc.chown(url.path, owner.uid, owner.gid)
        guard let enumerator = FileManager.default.enumerator(atPath: url.path) else { return }
        for case let path as String in enumerator {
            _ = Glibc.chown(url.appendingPathComponent(path).path, owner.uid, owner.gid)
        }
    }

    /// A port that was free a moment ago on 127.0.0.1.
    package static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestSupportError(description: "cannot make a socket") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw TestSupportError(description: "cannot bind a free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts connections on 127.0.0.1:`port`.
    package static func answers(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
