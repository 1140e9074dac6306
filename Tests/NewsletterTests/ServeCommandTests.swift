import Foundation
import TestSupport
import Testing

/// `newsletter serve` end to end: the real binary on a free loopback port, real HTTP requests, a
/// real SQLite state file shared with a real `send` to the aiosmtpd test server.
@Suite struct ServeCommandTests {
    private func workspace(
        _ server: TestSMTPServer,
        subscribers: String? = nil,
        connections: Int = 2
    ) throws -> Workspace {
        let workspace = try Workspace(subscribers: subscribers)
        workspace.smtp = [
            "url": server.url, "tls": "none", "connections": connections, "timeoutSeconds": 10, "maxAttempts": 2,
        ]
        try workspace.useReaderEndpoint()
        return workspace
    }

    /// The signed unsubscribe path (`/unsubscribe/TOKEN`) of each stored message, by recipient.
    private func unsubscribePaths(_ server: TestSMTPServer) throws -> [String: String] {
        let pattern = try Regex(#"<https://news\.example\.org(/unsubscribe/[A-Za-z0-9_-]{22})>"#)
        var paths: [String: String] = [:]
        for message in try server.messages() {
            let text = String(decoding: message.bytes, as: UTF8.self)
            if let match = text.firstMatch(of: pattern), let path = match.output[1].substring {
                paths[message.recipient.lowercased()] = String(path)
            }
        }
        return paths
    }

    @Test func aReaderUnsubscribesWithOneClickAndTheNextSendSkipsThem() async throws {
        let server = try TestSMTPServer()
        let workspace = try workspace(server)
        let sent = try workspace.sendWithSecret()
        #expect(sent.status == 0, "\(sent)")
        let messages = try server.messages()
        #expect(messages.count == 3)
        for message in messages {
            let report = try PythonEmail.inspect(message.bytes)
            let header = try #require(report.header("List-Unsubscribe"))
            let address = message.recipient.lowercased()
            #expect(!header.lowercased().contains(address), "the address is in List-Unsubscribe")
            #expect(!header.lowercased().contains(address.replacingOccurrences(of: "@", with: "%40")))
            let match = try #require(
                header.firstMatch(
                    of: try Regex(
                        #"^<https://news\.example\.org/unsubscribe/([A-Za-z0-9_-]{22})>, "#
                            + #"<mailto:unsubscribe@example\.org\?subject=unsubscribe%20([A-Za-z0-9_-]{22})>$"#
                    )
                )
            )
            #expect(match.output[1].substring == match.output[2].substring, "the mailto carries the same token")
            let token = String(match.output[1].substring ?? "")
            #expect(
                report.texts[0].contains("https://news.example.org/unsubscribe/\(token)"),
                "the footer link is the signed one"
            )
            #expect(report.texts[1].contains("https://news.example.org/unsubscribe/\(token)"))
            #expect(report.texts[1].contains("https://news.example.org/newsletter/1.html"))
        }
        let paths = try unsubscribePaths(server)
        #expect(Set(paths.keys) == ["ada@example.org", "grace@example.org", "zoe@example.net"])
        #expect(Set(paths.values).count == 3)

        let serve = try await ServeProcess(workspace)
        let adaPath = try #require(paths["ada@example.org"])
        let page = try await HTTP.request(serve.url(adaPath))
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.body.contains("a•••@e•••.org"))
        #expect(page.body.contains("Safeguarding Weekly"))
        #expect(try StateDump.query(workspace.state, "SELECT COUNT(*) FROM suppression") == ["0"], "a GET unsubscribed")

        let answer = try await HTTP.oneClick(serve.url(adaPath))
        #expect(answer.status == 200)
        #expect(answer.headers["content-type"] == "text/plain; charset=utf-8")
        #expect(answer.headers["set-cookie"] == nil && answer.headers["location"] == nil)
        #expect(try await HTTP.oneClick(serve.url(adaPath)).status == 200, "repeating is harmless")
        #expect(try StateDump.query(workspace.state, "SELECT email, kind FROM suppression") == ["ada@example.org\tweb"])

        let status = try workspace.run("status")
        #expect(status.output.contains("Unsubscribes in the last 7 days: 1 (web 1, mail 0, command 0)"), "\(status)")

        try workspace.addItem("later", topic: "Online safety", title: "A later report", date: "2026-11-21")
        let next = try workspace.sendWithSecret()
        #expect(next.status == 0, "\(next)")
        let second = try server.messages().dropFirst(3).map { $0.recipient.lowercased() }
        #expect(second.sorted() == ["grace@example.org", "zoe@example.net"])

        let stopped = try serve.stop()
        #expect(stopped.status == 0, "\(stopped)")
        let requestLines = stopped.stderr.split(separator: "\n").filter {
            $0.contains(" GET ") || $0.contains(" POST ")
        }
        #expect(requestLines.count >= 4, "one line per request: \(stopped.stderr)")
        for address in ["ada@", "grace@", "zoe@"] {
            #expect(!stopped.stderr.contains(address), "the log names a reader")
        }
        #expect(!stopped.stderr.contains(String(adaPath.dropFirst("/unsubscribe/".count))), "the log shows a token")
    }

    /// A raw request and the status it must get ("-" for: the server closes without answering).
    struct Hostile: Sendable, CustomTestStringConvertible {
        var name: String
        var request: @Sendable (_ tokenPath: String) -> [UInt8]
        var status: String
        var testDescription: String { name }
    }

    static func http(_ text: String, body: [UInt8] = []) -> [UInt8] { Array(text.utf8) + body }

    static let hostile: [Hostile] = [
        Hostile(
            name: "forged token",
            request: { _ in
                http(
                    "POST /unsubscribe/AAAAAAAAAAAAAAAAAAAAAA HTTP/1.1\r\nHost: x\r\nContent-Type: "
                        + "application/x-www-form-urlencoded\r\n"
                        + "Content-Length: 26\r\nConnection: close\r\n\r\nList-Unsubscribe=One-Click"
                )
            },
            status: "404"
        ),
        Hostile(
            name: "truncated token",
            request: { path in
                http(
                    "POST \(path.dropLast(3)) HTTP/1.1\r\nHost: x\r\nContent-Length: 26\r\nConnection: "
                        + "close\r\n\r\nList-Unsubscribe=One-Click"
                )
            },
            status: "400"
        ),
        Hostile(
            name: "absurd token",
            request: { _ in
                http(
                    "GET /unsubscribe/\(String(repeating: "%00", count: 3000)) HTTP/1.1\r\nHost: x\r\nConnection: "
                        + "close\r\n\r\n"
                )
            },
            status: "400"
        ),
        Hostile(
            name: "non-UTF-8 bytes in the path",
            request: { _ in
                http("GET /unsubscribe/") + [0xFF, 0xC3, 0x28, 0x80]
                    + http(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            },
            status: "4xx"
        ),
        Hostile(
            name: "non-UTF-8 body",
            request: { path in
                http(
                    "POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\nConnection: "
                        + "close\r\n\r\nList-Unsubscribe=",
                    body: [0xFF, 0xFE, 0xC3]
                )
            },
            status: "400"
        ),
        Hostile(
            name: "oversized body",
            request: { path in
                http(
                    "POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\nConnection: "
                        + "close\r\n\r\nList-Unsubscribe=One-Click"
                )
            },
            status: "413"
        ),
        Hostile(
            name: "oversized chunked body",
            request: { path in
                http(
                    "POST \(path) HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: "
                        + "close\r\n\r\n2000\r\n"
                )
                    + Array(repeating: UInt8(ascii: "a"), count: 0x2000) + http("\r\n0\r\n\r\n")
            },
            status: "413"
        ),
        Hostile(
            name: "unknown path",
            request: { _ in http("GET /admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") },
            status: "404"
        ),
        Hostile(
            name: "traversal into the state",
            request: { _ in
                http("GET /newsletter/../state.sqlite HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            },
            status: "404"
        ),
        Hostile(
            name: "encoded traversal",
            request: { _ in
                http("GET /newsletter/%2e%2e%2fnewsletter.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            },
            status: "404"
        ),
        Hostile(
            name: "absolute path",
            request: { _ in
                http("GET /newsletter//etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            },
            status: "404"
        ),
        Hostile(
            name: "garbage instead of HTTP",
            request: { _ in [0x16, 0x03, 0x01, 0x00, 0xFF] + http("\r\n\r\n") },
            status: "4xx"
        ),
    ]

    @Test func hostileRequestsGetA4xxWriteNothingAndTheServerGoesOn() async throws {
        let server = try TestSMTPServer()
        let workspace = try workspace(server)
        #expect(try workspace.sendWithSecret().status == 0)
        let path = try #require(try unsubscribePaths(server)["ada@example.org"])
        let serve = try await ServeProcess(workspace)
        let before = try StateDump.dump(workspace.state)
        for hostile in Self.hostile {
            let (reply, _) = try HTTP.raw(hostile.request(path), port: serve.port)
            let statusLine = reply.split(separator: "\r\n").first.map(String.init) ?? ""
            switch hostile.status {
            case "4xx": #expect(statusLine.hasPrefix("HTTP/1.1 4"), "\(hostile.name): \(statusLine)")
            default: #expect(statusLine.hasPrefix("HTTP/1.1 \(hostile.status) "), "\(hostile.name): \(statusLine)")
            }
            // What the HTTP parser itself rejects (not HTTP at all) gets NIO's bodiless 400; everything
            // that parses gets our plain page.
            if !reply.lowercased().contains("content-length: 0\r\n") {
                #expect(
                    reply.lowercased().contains("content-type: text/plain"),
                    "\(hostile.name): \(reply.prefix(300))"
                )
            }
            #expect(try StateDump.dump(workspace.state) == before, "\(hostile.name) changed the state")
            #expect(try await HTTP.request(serve.url("/healthz")).status == 200, "not served after \(hostile.name)")
        }
        // Bad requests through a real client too.
        for (uri, body, status) in [
            ("/unsubscribe/AAAAAAAAAAAAAAAAAAAAAQ", "List-Unsubscribe=One-Click", 404),
            // The same bytes spelt another way (the last character's unused bits set): not a token.
            ("/unsubscribe/AAAAAAAAAAAAAAAAAAAAAR", "List-Unsubscribe=One-Click", 400),
            (path, "List-Unsubscribe=Please", 400), (path, "", 400),
            ("/unsubscribe?email=ada%40example.org", "List-Unsubscribe=One-Click", 404),
        ] {
            let answer = try await HTTP.request(serve.url(uri), method: "POST", body: Data(body.utf8))
            #expect(answer.status == status, "\(uri) \(body)")
        }
        #expect(try StateDump.dump(workspace.state) == before)
        let stopped = try serve.stop()
        #expect(stopped.status == 0, "\(stopped)")
        #expect(!stopped.stderr.contains(" 500 "), "\(stopped.stderr)")
    }

    @Test func aStalledClientIsCutOffAndOthersAreServedMeanwhile() async throws {
        let server = try TestSMTPServer()
        let workspace = try workspace(server)
        let serve = try await ServeProcess(workspace, extraArguments: ["--idle-timeout", "2"])
        let stalled = try RawConnection(port: serve.port)
        stalled.send(Array("POST /unsubscribe/AAAAAAAAAAAAAAAAAAAAAA HTTP/1.1\r\nHost: x\r\nContent-Le".utf8))
        let slowBody = try RawConnection(port: serve.port)
        slowBody.send(
            Array(
                "POST /unsubscribe/AAAAAAAAAAAAAAAAAAAAAA HTTP/1.1\r\nHost: x\r\nContent-Length: 26\r\n\r\nList-".utf8
            )
        )
        #expect(try await HTTP.request(serve.url("/healthz")).status == 200, "a stalled client blocks others")
        let started = Date()
        let (_, closed) = stalled.readToEnd(timeout: 15)
        #expect(closed, "the stalled connection was never closed")
        #expect(Date().timeIntervalSince(started) < 14)
        let (reply, bodyClosed) = slowBody.readToEnd(timeout: 15)
        #expect(bodyClosed, "the connection with a stalled body was never closed")
        #expect(reply.isEmpty || reply.hasPrefix("HTTP/1.1 4"), "\(reply)")
        #expect(try await HTTP.request(serve.url("/healthz")).status == 200)
        #expect(try StateDump.query(workspace.state, "SELECT COUNT(*) FROM suppression") == ["0"])
        #expect(try serve.stop().status == 0)
    }

    /// A GET that declares a huge body and sends it a byte a second: Hummingbird's idle timeout never
    /// fires (bytes keep coming), so only the body deadline ends it.
    @Test func aGETWhoseBodyTricklesIsCutOffAtTheBodyDeadline() async throws {
        let server = try TestSMTPServer()
        let workspace = try workspace(server)
        let serve = try await ServeProcess(workspace, extraArguments: ["--idle-timeout", "2"])
        let trickling = try RawConnection(port: serve.port)
        trickling.send(Array("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000\r\n\r\n".utf8))
        let started = Date()
        var closed = false
        while !closed, Date().timeIntervalSince(started) < 20 {
            trickling.send([UInt8(ascii: "x")])
            closed = trickling.readToEnd(timeout: 1).closedByServer
        }
        #expect(closed, "a trickling body held its connection for 20 s")
        #expect(Date().timeIntervalSince(started) < 14, "closed after \(Date().timeIntervalSince(started)) s")
        #expect(try await HTTP.request(serve.url("/healthz")).status == 200)
        #expect(try serve.stop().status == 0)
    }

    @Test func anHTTP10RequestGetsItsAnswerAndTheConnectionEndsAtOnce() async throws {
        let server = try TestSMTPServer()
        let workspace = try workspace(server)
        let serve = try await ServeProcess(workspace)
        let connection = try RawConnection(port: serve.port)
        connection.send(Array("GET /healthz HTTP/1.0\r\n\r\n".utf8))
        let started = Date()
        let (reply, closed) = connection.readToEnd(timeout: 10)
        #expect(reply.hasPrefix("HTTP/1.1 200 "), "\(reply)")
        #expect(closed && Date().timeIntervalSince(started) < 5, "an HTTP/1.0 connection lingered")
        #expect(try serve.stop().status == 0)
    }

    @Test func readerPagesAndArchivePagesAreNeverFramed() async throws {
        let server = try TestSMTPServer()
        let workspace = try workspace(server)
        #expect(try workspace.sendWithSecret().status == 0)
        let path = try #require(try unsubscribePaths(server)["zoe@example.net"])
        let serve = try await ServeProcess(workspace)
        for page in [path, "/newsletter/1.html", "/newsletter/index.html"] {
            let answer = try await HTTP.request(serve.url(page))
            #expect(answer.status == 200, "\(page)")
            #expect(answer.headers["x-frame-options"] == "DENY", "\(page): \(answer.headers)")
            #expect(answer.headers["content-security-policy"]?.contains("frame-ancestors 'none'") == true, "\(page)")
        }
        #expect(try serve.stop().status == 0)
    }

    @Test func sigtermLetsTheRequestInFlightFinishThenExits0() async throws {
        let server = try TestSMTPServer()
        let workspace = try workspace(server)
        #expect(try workspace.sendWithSecret().status == 0)
        let path = try #require(try unsubscribePaths(server)["zoe@example.net"])
        let serve = try await ServeProcess(workspace)
        let connection = try RawConnection(port: serve.port)
        connection.send(
            Array("POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Length: 26\r\nConnection: close\r\n\r\nList-Unsub".utf8)
        )
        // A request whose head the server has not read is not in flight, and a stopping server need
        // not answer it: wait until the server's side of the connection has nothing left to read
        // (its Recv-Q in `ss` is 0), however loaded the machine is.
        // From here to the end of the body, this thread never suspends: a test process whose other
        // tests keep its few cooperative threads busy could otherwise resume it only after the
        // server's 10-second body deadline.
        try Self.waitUntilRead(byServerOn: serve.port)
        kill(serve.running.process.processIdentifier, SIGTERM)
        usleep(300_000)
        connection.send(Array("scribe=One-Click".utf8))
        let (reply, _) = connection.readToEnd(timeout: 10)
        #expect(reply.hasPrefix("HTTP/1.1 200 "), "\(reply)")
        let stopped = try serve.stop()
        #expect(stopped.status == 0, "\(stopped)")
        #expect(try StateDump.query(workspace.state, "SELECT email FROM suppression") == ["zoe@example.net"])
    }

    /// Waits until every connection accepted on `port` has had its bytes read by the server.
    static func waitUntilRead(byServerOn port: Int) throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let sockets = try Command.run(
                URL(fileURLWithPath: "/usr/bin/ss"),
                ["-Htn", "state", "established", "( sport = :\(port) )"]
            )
            let queues = sockets.output.split(separator: "\n").compactMap { $0.split(separator: " ").first }
            if !queues.isEmpty, queues.allSatisfy({ $0 == "0" }) { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw HTTP.Failure(description: "the server did not read the request within 60 s")
    }

    @Test func aMissingOrShortSecretExits78NamingTheVariable() async throws {
        let server = try TestSMTPServer()
        let workspace = try workspace(server)
        for environment in [[:], ["NEWSLETTER_SECRET": "too-short"]] {
            for arguments in [
                ["send"], ["alert", "--topic", "Online safety"], ["preview"], ["serve", "--listen", "127.0.0.1:0"],
            ] {
                let result = try Command.run(
                    Workspace.binary,
                    arguments + ["--config", workspace.config.path],
                    in: workspace.folder.url,
                    environment: environment,
                    timeout: 30
                )
                #expect(result.status == 78, "\(arguments) \(result)")
                #expect(result.stderr.contains("NEWSLETTER_SECRET"), "\(arguments) \(result)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments) \(result)")
            }
        }
        #expect(try server.messages().isEmpty)
        if FileManager.default.fileExists(atPath: workspace.state.path) {
            #expect(try StateDump.query(workspace.state, "SELECT COUNT(*) FROM mailing") == ["0"])
        }
    }

    @Test func checkWarnsThatAnAddressInTheLinkIsForgeable() throws {
        let workspace = try Workspace()
        let result = try workspace.run("check")
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("warning:") && result.stderr.contains("forge"), "\(result)")
        try workspace.useReaderEndpoint()
        let signed = try workspace.run("check")
        #expect(signed.status == 0, "\(signed)")
        #expect(!signed.stderr.contains("forge"))
    }
}
