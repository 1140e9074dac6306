import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real Postfix relay for tests: Debian's `postfix`, with a `config_directory`, queue and log of
/// its own in a temporary folder, started in the foreground (`postfix start-fg`), never the system
/// mail service.
///
/// It listens on 127.0.0.1 on a free port and offers what Postfix offers by default (PIPELINING,
/// CHUNKING, SIZE, DSN, SMTPUTF8, ENHANCEDSTATUSCODES); optionally STARTTLS with a private
/// certificate and AUTH through a Dovecot SASL service of its own, as a real relay is set up.
/// Accepted mail is captured, one file per recipient (``messages()``), or discarded for benchmarks.
/// Everything it logs is in ``log()``. When Postfix or Dovecot is missing, or the tests do not run
/// as root (Postfix's daemons drop to the `postfix` user), `init` throws with the fix.
package final class TestPostfix {
    /// How the relay is set up.
    package struct Options {
        /// Offer CHUNKING (BDAT), as Postfix does by default; `false` discards the EHLO keyword.
        package var chunking = true
        /// Offer STARTTLS with ``TestPostfix/certificate``; AUTH then only after it.
        package var tls = false
        /// Offer AUTH (PLAIN, LOGIN) through Dovecot SASL, and relay only for an authenticated client.
        package var authentication = false
        /// Recipients refused at RCPT TO, with the whole reply (`550 5.1.1 … User unknown`).
        package var refused: [String: String] = [:]
        /// Offer SMTPUTF8 (RFC 6531), as Postfix does by default.
        package var smtpUTF8 = true
        /// Keep each accepted message (`true`), or discard it (benchmarks).
        package var capture = true
        /// The network namespace to run in (`ip netns`), if any; the client must run in it too.
        package var namespace: String?

        /// Postfix's defaults, no TLS, no AUTH, every message captured.
        package init() {}
    }

    /// The hint given whenever the relay cannot start.
    package static let hint =
        "the Postfix tests need Debian's postfix (preseeded to \"No configuration\") and dovecot-core, "
        + "and root: scripts/test.sh installs both"

    /// The SMTP port on 127.0.0.1.
    package let port: Int
    /// The relay's certificate with ``Options/tls``: pass it as `caFile`.
    package let certificate: TestCertificate?
    /// The AUTH user with ``Options/authentication``.
    package let user = "news"
    /// The AUTH password with ``Options/authentication``.
    package let password = "relay-secret"
    private let options: Options
    private let directory: TemporaryFolder
    private let postfix: Process
    private let dovecot: Process?
    private var stopped = false

    /// Starts the relay (and its SASL service) and waits, at most 15 s, until it listens.
    package init(_ options: Options = Options()) throws {
        self.options = options
        let postfixBinary = "/usr/sbin/postfix"
        guard FileManager.default.isExecutableFile(atPath: postfixBinary) else {
            throw TestSupportError(description: "\(postfixBinary) is missing; \(Self.hint)")
        }
        guard getuid() == 0, let owner = getpwnam("postfix") else {
            throw TestSupportError(description: "Postfix needs root and its postfix user; \(Self.hint)")
        }
        directory = try TemporaryFolder(prefix: "postfix")
        let root = directory.url.path
        port = try TestDovecot.freePort()
        let saslPort = try TestDovecot.freePort()
        certificate = options.tls ? try TestCertificate() : nil
        for folder in ["conf", "queue", "data", "spool"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
        }
        _ = chown("\(root)/data", owner.pointee.pw_uid, owner.pointee.pw_gid)
        _ = chmod("\(root)/spool", 0o1777)
        // Readable by the unprivileged daemons: the folder and the private key of a throwaway certificate.
        _ = chmod(root, 0o755)
        if let certificate { _ = chmod(certificate.keyPath, 0o644) }
        for (name, text, mode) in Self.files(
            root: root,
            port: port,
            saslPort: saslPort,
            options: options,
            certificate: certificate
        ) {
            try text.write(toFile: "\(root)/\(name)", atomically: true, encoding: .utf8)
            _ = chmod("\(root)/\(name)", mode)
        }
        dovecot =
            options.authentication
            ? try Self.start(
                ["/usr/sbin/dovecot", "-F", "-c", "\(root)/dovecot.conf"],
                in: options.namespace,
                log: "\(root)/dovecot.out"
            )
            : nil
        postfix = try Self.start(
            [postfixBinary, "-c", "\(root)/conf", "start-fg"],
            in: options.namespace,
            log: "\(root)/maillog"
        )
        let deadline = Date().addingTimeInterval(15)
        // Postfix logs this once its listeners are open; a probe connection would show in the log.
        while !log().contains("daemon started") {
            guard postfix.isRunning, Date() < deadline else {
                let log = log()
                stop()
                throw TestSupportError(
                    description: "Postfix did not start within 15 s; \(Self.hint). Its log: \(log.suffix(800))"
                )
            }
            usleep(50_000)
        }
    }

    deinit { stop() }

    /// Stops Postfix (`postfix stop`) and its SASL service; safe to call twice.
    package func stop() {
        guard !stopped else { return }
        stopped = true
        let stopCommand = Self.command(
            ["/usr/sbin/postfix", "-c", "\(directory.url.path)/conf", "stop"],
            in: options.namespace
        )
        if let stopping = try? Self.start(stopCommand, in: nil, log: "\(directory.url.path)/stop.out") {
            stopping.waitUntilExit()
        }
        for process in [postfix, dovecot].compactMap({ $0 }) {
            let deadline = Date().addingTimeInterval(5)
            if process === dovecot, process.isRunning { process.terminate() }
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    /// Everything Postfix logged so far.
    package func log() -> String {
        (try? String(contentsOfFile: "\(directory.url.path)/maillog", encoding: .utf8)) ?? ""
    }

    /// The `disconnect from …` lines: one per session, with its command counts (`quit=1`, `auth=0/1`).
    package func sessions() -> [String] {
        log().split(separator: "\n").filter { $0.contains("]: disconnect from ") }.map(String.init)
    }

    /// The messages delivered, by recipient, as the relay hands them on (LF line ends, its own
    /// `Received:` field first), once every message it accepted has left its queue (at most 10 s).
    package func messages() -> [String: [UInt8]] {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let log = log()
            let queued = log.components(separatedBy: "/cleanup[").count - 1
            let removed = log.components(separatedBy: ": removed\n").count - 1
            if removed >= queued { break }
            usleep(20_000)
        }
        let spool = directory.url.appendingPathComponent("spool")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? []
        var messages: [String: [UInt8]] = [:]
        for name in names where name.hasSuffix(".eml") {
            guard let data = FileManager.default.contents(atPath: spool.appendingPathComponent(name).path) else {
                continue
            }
            messages[String(name.dropLast(4).split(separator: " ").first ?? "")] = [UInt8](data)
        }
        return messages
    }

    /// The config files, each with its mode.
    private static func files(
        root: String,
        port: Int,
        saslPort: Int,
        options: Options,
        certificate: TestCertificate?
    ) -> [(String, String, mode_t)] {
        var main = """
            compatibility_level = 3.6
            queue_directory = \(root)/queue
            data_directory = \(root)/data
            mail_owner = postfix
            setgid_group = postdrop
            myhostname = relay.test
            mydestination =
            inet_interfaces = loopback-only
            inet_protocols = ipv4
            maillog_file = /dev/stdout
            alias_maps =
            alias_database =
            smtputf8_enable = \(options.smtpUTF8 ? "yes" : "no")
            default_transport = \(options.capture ? "capture" : "discard")
            smtpd_recipient_restrictions = check_recipient_access texthash:\(root)/refused, permit

            """
        if options.authentication {
            main += """
                mynetworks = 127.0.0.2/32
                smtpd_relay_restrictions = permit_sasl_authenticated, reject
                smtpd_sasl_auth_enable = yes
                smtpd_sasl_type = dovecot
                smtpd_sasl_path = inet:127.0.0.1:\(saslPort)

                """
        } else {
            main += "mynetworks = 127.0.0.0/8\nsmtpd_relay_restrictions = permit_mynetworks, reject\n"
        }
        if let certificate {
            main += """
                smtpd_tls_security_level = may
                smtpd_tls_auth_only = yes
                smtpd_tls_cert_file = \(certificate.certificatePath)
                smtpd_tls_key_file = \(certificate.keyPath)

                """
        }
        if !options.chunking { main += "smtpd_discard_ehlo_keywords = chunking\n" }
        let services = [
            "127.0.0.1:\(port) inet n - n - - smtpd",
            "pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup", "qmgr unix n - n 300 1 qmgr",
            "rewrite unix - - n - - trivial-rewrite", "bounce unix - - n - 0 bounce", "defer unix - - n - 0 bounce",
            "trace unix - - n - 0 bounce", "verify unix - - n - 1 verify", "proxymap unix - - n - - proxymap",
            "showq unix n - n - - showq", "error unix - - n - - error", "retry unix - - n - - error",
            "discard unix - - n - - discard", "anvil unix - - n - 1 anvil", "scache unix - - n - 1 scache",
            "tlsmgr unix - - n 1000? 1 tlsmgr", "postlog unix-dgram n - n - 1 postlogd",
            // One file a recipient, written as nobody.
            "capture unix - n n - - pipe flags= user=nobody argv=\(root)/capture.sh \(root)/spool "
                + "${recipient} ${queue_id}",
        ]
        let refused = options.refused.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)\n" }.joined()
        let dovecot = """
            base_dir = \(root)/dovecot
            state_dir = \(root)/dovecot/state
            log_path = \(root)/dovecot.log
            protocols = none
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u \(root)/passwd
            }
            userdb {
              driver = static
              args = uid=65534 gid=65534 home=\(root)
            }
            service auth {
              inet_listener sasl {
                address = 127.0.0.1
                port = \(saslPort)
              }
            }

            """
        return [
            ("conf/main.cf", main, 0o644),
            ("conf/master.cf", services.joined(separator: "\n") + "\n", 0o644),
            ("refused", refused, 0o644),
            ("capture.sh", "#!/bin/sh\numask 022\ncat > \"$1/$2 $3.eml\"\n", 0o755),
            ("dovecot.conf", dovecot, 0o644),
            ("passwd", "news:{PLAIN}relay-secret:65534:65534::\(root)\n", 0o644),
        ]
    }

    /// `arguments`, run inside `namespace` when there is one.
    private static func command(_ arguments: [String], in namespace: String?) -> [String] {
        guard let namespace else { return arguments }
        return ["/usr/sbin/ip", "netns", "exec", namespace] + arguments
    }

    /// Starts `arguments` (in `namespace`) with stdout and stderr going to the file `log`.
    private static func start(_ arguments: [String], in namespace: String?, log: String) throws -> Process {
        let command = command(arguments, in: namespace)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.standardInput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let output = FileHandle(forWritingAtPath: log)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return process
    }
}
