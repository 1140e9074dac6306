import Foundation
import TestSupport
import Testing

/// `smtp` as a list: a pool of relays that share the send, against real test servers (aiosmtpd).
@Suite struct RelayPoolTests {
    private func relay(_ url: String, connections: Int = 2, extra: [String: Any] = [:]) -> [String: Any] {
        var relay: [String: Any] = [
            "url": url, "tls": "none", "connections": connections, "timeoutSeconds": 5,
            "maxAttempts": 3,
        ]
        for (key, value) in extra { relay[key] = value }
        return relay
    }

    private func workspace(relays: [[String: Any]], subscribers: String? = nil) throws -> Workspace {
        let workspace = try Workspace(subscribers: subscribers)
        workspace.extraConfig["smtp"] = relays
        try workspace.writeConfig()
        return workspace
    }

    private func tally(_ servers: TestSMTPServer...) throws -> [String: Int] {
        var tally: [String: Int] = [:]
        for server in servers {
            for message in try server.messages() { tally[message.recipient.lowercased(), default: 0] += 1 }
        }
        return tally
    }

    private static func list(_ count: Int) -> String {
        "email,name,topics\n" + (0..<count).map { "reader\($0)@example.org,Reader \($0),\n" }.joined()
    }

    @Test func theConnectionsSpreadOverThePoolAndTheSummaryCountsEachRelay() throws {
        let first = try TestSMTPServer(.init(pipelining: true))
        let second = try TestSMTPServer()
        let workspace = try workspace(relays: [relay(first.url), relay(second.url)], subscribers: Self.list(60))

        let result = try workspace.run("send")

        #expect(result.status == 0, "\(result)")
        let tally = try tally(first, second)
        #expect(tally.count == 60 && tally.values.allSatisfy { $0 == 1 })
        #expect(try first.messages().count > 0 && second.messages().count > 0, "both relays took a share")
        let line = result.stderr
        #expect(
            line.contains(
                "by relay: \(first.url) \(try first.messages().count), \(second.url) \(try second.messages().count)"
            ),
            "\(line)"
        )
    }

    @Test func aRelayDownFromTheStartLeavesItsWorkToTheOthers() throws {
        let down = try TestSMTPServer()
        let downURL = down.url
        down.stop()
        let up = try TestSMTPServer(.init(pipelining: true))
        let workspace = try workspace(relays: [relay(downURL), relay(up.url)], subscribers: Self.list(30))

        let result = try workspace.run("send")

        #expect(result.status == 0, "\(result)")
        #expect(try tally(up) == Dictionary(uniqueKeysWithValues: (0..<30).map { ("reader\($0)@example.org", 1) }))
        #expect(result.stderr.contains("\(downURL) 0 (down:"), "\(result.stderr)")
    }

    @Test func aRelayRefusingTheLoginIsDownAndTheOthersDeliver() throws {
        let guarded = try TestSMTPServer(.init(credentials: ("news", "right-password")))
        let open = try TestSMTPServer()
        let relays = [
            relay(guarded.url, extra: ["username": "news", "passwordEnv": "POOL_PASSWORD"]), relay(open.url),
        ]
        let workspace = try workspace(relays: relays, subscribers: Self.list(20))

        let result = try workspace.run("send", environment: ["POOL_PASSWORD": "wrong-password"])

        #expect(result.status == 0, "\(result)")
        #expect(try guarded.messages().isEmpty)
        #expect(try tally(open).count == 20)
    }

    @Test func aRelayGoingDownMidSendLosesNobody() throws {
        let failing = try TestSMTPServer(.init(faults: #"{"delay_ms": 30}"#, pipelining: true))
        let steady = try TestSMTPServer(.init(faults: #"{"delay_ms": 30}"#))
        let workspace = try workspace(relays: [relay(failing.url), relay(steady.url)], subscribers: Self.list(150))

        let running = try workspace.start("send")
        let deadline = Date().addingTimeInterval(60)
        while try failing.messages().count < 15 && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        failing.stop()
        let result = try Command.wait(running)

        #expect(result.status == 0, "\(result)")
        let tally = try tally(failing, steady)
        #expect(tally.count == 150, "somebody was lost")
        // A copy the stopped server took without its reply reaching us is sent again by the other:
        // at most one per connection of the failed relay.
        #expect(tally.values.filter { $0 > 1 }.count <= 2)
        #expect(try failing.messages().count < 150, "the relay was stopped before it took everything")
        #expect(result.stderr.contains("\(failing.url) ") && result.stderr.contains("(down:"), "\(result.stderr)")
    }

    @Test func everyRelayDownExits69() throws {
        let one = try TestSMTPServer()
        let two = try TestSMTPServer()
        let urls = [one.url, two.url]
        one.stop()
        two.stop()
        let workspace = try workspace(relays: urls.map { relay($0) })

        let result = try workspace.run("send")

        #expect(result.status == 69, "\(result)")
        #expect(result.stderr.contains("cannot be reached"))
    }

    @Test(arguments: [
        ("[]", "smtp: the list of relays is empty"),
        (
            #"[{"url": "smtp://127.0.0.1:2525", "tls": "none"}, "#
                + #"{"url": "smtp://127.0.0.1:2526", "tls": "none", "conections": 2}]"#,
            "smtp[1].conections: unknown key"
        ),
        (
            #"[{"url": "smtp://127.0.0.1:2525", "tls": "none"}, {"url": "smtp://127.0.0.1:2526", "tls": "implicit"}]"#,
            "smtp[1].tls: implicit TLS needs an smtps:// URL"
        ),
        (
            #"[{"url": "smtp://127.0.0.1:2525", "tls": "none"}, {"url": "smtp://127.0.0.1:2525", "tls": "none"}]"#,
            "smtp[1].url: 'smtp://127.0.0.1:2525' is already smtp[0]"
        ),
    ])
    func aBadPoolIsABadConfiguration(_ json: String, _ message: String) throws {
        let relays = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let workspace = try workspace(relays: relays)

        let result = try workspace.run("check")

        #expect(result.status == 78, "\(result)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
