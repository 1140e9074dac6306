import Foundation
import TestSupport
import Testing

/// Readers joining through `serve`, end to end: the real binary, real HTTP, the aiosmtpd test
/// server receiving the confirmations, Python's email parser reading them, the real state file.
@Suite struct JoiningTests {
    static let consent = Workspace.signUpConsent

    @Test func aReaderJoinsConfirmsWithTheButtonAndGetsTheNextIssue() async throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace.takingSignUps(server)
        let serve = try await ServeProcess(workspace)
        let form = try await HTTP.request(serve.url("/subscribe"))
        #expect(form.body.contains("<label for=\"email\">"))
        #expect(form.body.contains(Self.consent))
        #expect(form.body.contains("value=\"Information sharing\""))
        let stamp = try await serve.formStamp()

        let answer = try serve.signUp("nia@example.com", stamp: stamp)
        #expect(answer.status == 200)
        #expect(answer.body.contains("Check your inbox"))
        let letters = try await server.messages(to: "nia@example.com", count: 1)
        #expect(letters.count == 1)
        let letter = try #require(letters.first)
        let report = try PythonEmail.inspect(letter.bytes)
        #expect(report.subject == "Confirm your subscription to Safeguarding Weekly")
        #expect(report.texts.count == 2, "a text and an HTML part")
        #expect(report.texts[0].contains(Self.consent))
        let path = try letter.confirmationPath()
        #expect(
            try StateDump.query(workspace.state, "SELECT state, consent, form FROM reader") == [
                "pending\t\(Self.consent)\thttps://news.example.org/subscribe"
            ]
        )

        let page = try await HTTP.request(serve.url(path))
        #expect(page.status == 200)
        #expect(page.body.contains("Confirm my subscription"))
        #expect(page.body.contains("n•••@e•••.com"))
        #expect(try StateDump.query(workspace.state, "SELECT state FROM reader") == ["pending"], "a GET confirmed")

        let confirmed = try await HTTP.request(serve.url(path), method: "POST", body: Data())
        #expect(confirmed.status == 200)
        #expect(confirmed.body.contains("You are subscribed"))
        #expect(confirmed.body.contains("https://news.example.org/subscribe/manage/"))
        #expect(
            try StateDump.query(workspace.state, "SELECT state, confirmedAt IS NOT NULL FROM reader") == ["active\t1"]
        )
        let again = try await HTTP.request(serve.url(path), method: "POST", body: Data())
        #expect(again.status == 404, "a used link works once")
        #expect(try serve.stop().status == 0)

        let sent = try workspace.sendWithSecret()
        #expect(sent.status == 0, "\(sent)")
        let issue = try server.messages().filter { $0.recipient.lowercased() == "nia@example.com" }
        #expect(issue.count == 2, "the confirmation and the issue")
        let shown = try workspace.run(
            "subscribers",
            "show",
            "nia@example.com",
            environment: Workspace.secretEnvironment
        )
        #expect(shown.status == 0, "\(shown)")
        #expect(shown.output.contains("Consent shown: \"\(Self.consent)\""))
        #expect(shown.output.contains("through the form at https://news.example.org/subscribe"))
        #expect(shown.output.contains("issue 1: sent"))
    }

    @Test func everyAddressGetsTheSameAnswerAndOneConfirmationADay() async throws {
        let server = try TestSMTPServer()
        // One network may send as many as it likes here: this test is about one address and one client.
        let workspace = try Workspace.takingSignUps(
            server,
            subscribe: ["trustedProxies": ["127.0.0.1"], "perClientPerHour": 10, "perNetworkPerHour": 100_000]
        )
        #expect(try workspace.run("unsubscribe", "zoe@example.net").status == 0)
        try StateDump.execute(
            workspace.state,
            "INSERT INTO suppression (emailKey, email, reason, kind, createdAt) "
                + "VALUES ('gone@example.com', 'gone@example.com', '550 5.1.1', 'hard-bounce', '2026-01-01T00:00:00Z')"
        )
        let serve = try await ServeProcess(workspace)
        // Each form is good for one sign-up: a stamp for each.
        var stamps = try await serve.formStamps(1_006)

        // New, pending (the same again), active (the file's), unsubscribed, bounced: one answer, byte for byte.
        var bodies: Set<String> = []
        let states = ["new@example.com", "new@example.com", "ada@example.org", "zoe@example.net", "gone@example.com"]
        for (index, address) in states.enumerated() {
            let answer = try serve.signUp(address, stamp: stamps.removeLast(), forwardedFor: "192.0.2.\(index + 1)")
            #expect(answer.status == 200)
            bodies.insert(answer.body)
        }
        #expect(bodies.count == 1, "the answers differ: \(bodies)")

        // 500 sign-ups for one victim from 500 client addresses: one confirmation.
        for index in 0..<500 {
            _ = try serve.signUp(
                "victim@example.com",
                stamp: stamps.removeLast(),
                forwardedFor: "198.51.\(index / 250).\(index % 250)"
            )
        }
        // 500 addresses from one client: its hourly limit (10) holds.
        for index in 0..<500 {
            _ = try serve.signUp("flood\(index)@example.com", stamp: stamps.removeLast(), forwardedFor: "203.0.113.9")
        }
        // A bot: the hidden field filled, or the form sent back at once.
        _ = try serve.signUp(
            "bot1@example.com",
            stamp: stamps.removeLast(),
            extra: "&website=http://spam",
            forwardedFor: "203.0.113.10"
        )
        let fresh = try #require(
            try await HTTP.request(serve.url("/subscribe")).body.firstMatch(
                of: #/name="stamp" value="([A-Za-z0-9_-]+)"/#
            )
        )
        _ = try serve.signUp(
            "bot2@example.com",
            stamp: String(fresh.output.1),
            forwardedFor: "203.0.113.11"
        )
        #expect(try await HTTP.request(serve.url("/healthz")).status == 200, "serve keeps answering")

        _ = try await server.messages(to: "victim@example.com", count: 1)
        try await Task.sleep(for: .seconds(3))
        let all = try server.messages()
        #expect(all.filter { $0.recipient == "victim@example.com" }.count == 1)
        #expect(all.filter { $0.recipient.hasPrefix("flood") }.count == 10)
        #expect(all.filter { $0.recipient.hasPrefix("bot") }.isEmpty)
        #expect(all.filter { $0.recipient == "new@example.com" }.count == 1, "pending: no second message within a day")
        let already = all.filter { $0.recipient == "ada@example.org" }
        #expect(already.count == 1)
        #expect(
            try PythonEmail.inspect(try #require(already.first).bytes).subject
                == "You are already subscribed to Safeguarding Weekly"
        )
        #expect(all.filter { $0.recipient == "zoe@example.net" }.count == 1, "an unsubscribed reader may join again")
        #expect(all.filter { $0.recipient == "gone@example.com" }.isEmpty, "a hard-bounced address gets nothing")
        // Refusals before the database are counted in memory and written when serve stops.
        #expect(try serve.stop().status == 0)
        let counts = try StateDump.query(
            workspace.state,
            "SELECT outcome, SUM(count) FROM signupCount GROUP BY outcome ORDER BY outcome"
        )
        #expect(counts.contains("refused-client\t490"))
        #expect(counts.contains("refused-bot\t2"))
        #expect(counts.contains("refused-bounced\t1"))
        #expect(counts.contains("refused-address\t500"))
        let status = try workspace.run("status", environment: Workspace.secretEnvironment).output
        #expect(
            status.contains(
                "Sign-ups in the last 7 days: 13 asked, 0 confirmed, 0 expired, 1 already subscribed; "
                    + "13 waiting to confirm"
            ),
            "\(status)"
        )
        #expect(
            status.contains(
                "  refused: 993 (address limit 500, client limit 490, list cap 0, bounced or complained 1, bots 2, "
                    + "other sites' pages 0)"
            )
        )
    }

    @Test func aLinkFromBeforeAnUnsubscribeOrOlderThanAWeekChangesNothing() async throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace.takingSignUps(server)
        let serve = try await ServeProcess(workspace)
        let stamp = try await serve.formStamp()
        _ = try serve.signUp("late@example.com", stamp: stamp)
        let path = try #require(try await server.messages(to: "late@example.com", count: 1).first).confirmationPath()
        #expect(try serve.stop().status == 0)

        #expect(try workspace.run("unsubscribe", "late@example.com").status == 0)
        let again = try await ServeProcess(workspace)
        let refused = try await HTTP.request(again.url(path), method: "POST", body: Data())
        #expect(refused.status == 404)
        #expect(refused.body.contains("subscribe again"))
        #expect(try StateDump.query(workspace.state, "SELECT state FROM reader") == ["pending"])
        #expect(try StateDump.query(workspace.state, "SELECT kind FROM suppression") == ["command"])
        let forged = try await HTTP.request(again.url(path.dropLast(2) + "AA"), method: "POST", body: Data())
        #expect(forged.status == 404)
        #expect(try again.stop().status == 0)

        // Eight days on, the unconfirmed sign-up is purged and its link is dead.
        let later = try await ServeProcess(workspace, extraArguments: ["--clock-offset", "\(8 * 86_400)"])
        let expired = try await HTTP.request(later.url(path), method: "POST", body: Data())
        #expect(expired.status == 404)
        #expect(try StateDump.query(workspace.state, "SELECT COUNT(*) FROM reader") == ["0"])
        #expect(
            try StateDump.query(workspace.state, "SELECT SUM(count) FROM signupCount WHERE outcome = 'expired'") == [
                "1"
            ]
        )
        #expect(try later.stop().status == 0)
    }

    @Test func forgetErasesTheAddressFromEveryFileOfTheList() async throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace.takingSignUps(server)
        #expect(try workspace.sendWithSecret().status == 0)
        let before = try String(
            contentsOf: workspace.folder.url.appendingPathComponent("subscribers.csv"),
            encoding: .utf8
        )
        let forgot = try workspace.run(
            "subscribers",
            "forget",
            "ADA@example.org",
            environment: Workspace.secretEnvironment
        )
        #expect(forgot.status == 0, "\(forgot)")
        #expect(forgot.stderr.contains("1 row of the subscriber file, 1 past delivery kept as counts"))
        let after = try String(
            contentsOf: workspace.folder.url.appendingPathComponent("subscribers.csv"),
            encoding: .utf8
        )
        #expect(after == before.replacingOccurrences(of: "ada@example.org,Ada Lovelace,\n", with: ""))
        for file in try FileManager.default.subpathsOfDirectory(atPath: workspace.folder.url.path) {
            let data = (try? Data(contentsOf: workspace.folder.url.appendingPathComponent(file))) ?? Data()
            let text = String(decoding: data, as: UTF8.self).lowercased()
            #expect(!text.contains("ada@example.org"), "\(file) still holds the address")
            #expect(!text.contains("lovelace"), "\(file) still holds the name")
        }
        #expect(try StateDump.query(workspace.state, "SELECT COUNT(*) FROM delivery") == ["3"], "the counts stand")
        let shown = try workspace.run(
            "subscribers",
            "show",
            "ada@example.org",
            environment: Workspace.secretEnvironment
        )
        #expect(shown.status == 66)
    }

    @Test func aReaderChoosesTopicsGetsTheirDataAndDeletesItFromTheirOwnPage() async throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace.takingSignUps(server)
        #expect(try workspace.sendWithSecret().status == 0)
        let issue = try #require(try server.messages().first { $0.recipient == "ada@example.org" })
        let path = try issue.managePath()
        let serve = try await ServeProcess(workspace)

        let page = try await HTTP.request(serve.url(path))
        #expect(page.status == 200)
        #expect(page.body.contains("a•••@e•••.org"))
        #expect(!page.body.contains("ada@example.org"), "the page shows the address masked only")
        #expect(page.body.contains("value=\"Child sexual abuse\""))
        let unsubscribeHalf = String(path.dropLast(22))
        #expect(try await HTTP.request(serve.url(unsubscribeHalf)).status == 404, "half a token opens nothing")
        let forged = String(path.dropLast(2)) + (path.hasSuffix("AA") ? "AB" : "AA")
        #expect(try await HTTP.request(serve.url(forged)).status == 404)

        let saved = try await HTTP.request(
            serve.url(path),
            method: "POST",
            body: Data("topic=Child+sexual+abuse&topic=Not+a+topic&action=topics".utf8)
        )
        #expect(saved.status == 200)
        #expect(saved.body.contains("Saved"))
        #expect(try StateDump.query(workspace.state, "SELECT topics FROM reader") == ["Child sexual abuse"])
        #expect(try StateDump.query(workspace.state, "SELECT scope FROM reader") == ["whole"], "no choice sent: whole")

        // Only their topics from now on: the next issue has the one section, and says so.
        let bogus = try await HTTP.request(
            serve.url(path),
            method: "POST",
            body: Data("topic=Child+sexual+abuse&issue=some&action=topics".utf8)
        )
        #expect(bogus.status == 400)
        #expect(
            try StateDump.query(workspace.state, "SELECT scope FROM reader") == ["whole"],
            "a bad choice writes nothing"
        )
        let narrowed = try await HTTP.request(
            serve.url(path),
            method: "POST",
            body: Data("topic=Child+sexual+abuse&issue=topics&action=topics".utf8)
        )
        #expect(narrowed.status == 200)
        #expect(narrowed.body.contains("id=\"issue-topics\" name=\"issue\" value=\"topics\" checked"))
        #expect(try StateDump.query(workspace.state, "SELECT scope FROM reader") == ["topics"])
        try workspace.addItem(
            "csa-two",
            topic: "Child sexual abuse",
            title: "A second abuse report",
            date: "2026-11-30"
        )
        try workspace.addItem("online-two", topic: "Online safety", title: "A second online report", date: "2026-11-30")
        #expect(try workspace.sendWithSecret().status == 0)
        let second = try #require(try server.messages().last { $0.recipient == "ada@example.org" })
        let secondText = try PythonEmail.inspect(second.bytes).texts[0]
        #expect(secondText.contains("A second abuse report"))
        #expect(!secondText.contains("A second online report"))
        #expect(secondText.contains("This copy has only your topics: Child sexual abuse."))

        let data = try await HTTP.request(serve.url(path), method: "POST", body: Data("action=data".utf8))
        #expect(data.status == 200)
        #expect(!data.body.contains("ada@example.org"), "the data goes by mail, never on the page")
        let letters = try await server.messages(to: "ada@example.org", count: 3)
        let letter = try #require(letters.last)
        let report = try PythonEmail.inspect(letter.bytes)
        #expect(report.subject == "Your data held by Safeguarding Weekly")
        #expect(report.texts[0].contains("Address: ada@example.org"))
        #expect(report.texts[0].contains("Topics: Child sexual abuse"))
        #expect(report.texts[0].contains("issue 1: sent"))
        #expect(try serve.stop().status == 0)

        // The alert of a topic Ada did not choose skips her; a reader of every topic gets it.
        let alert = try workspace.run(
            "alert",
            "--topic",
            "Information sharing",
            environment: Workspace.secretEnvironment
        )
        #expect(alert.status == 0, "\(alert)")
        let alerts = try server.messages().filter {
            (try? PythonEmail.inspect($0.bytes).subject?.contains("Information sharing")) == true
        }
        #expect(Set(alerts.map(\.recipient)) == ["zoe@example.net"])

        let again = try await ServeProcess(workspace)
        let ask = try await HTTP.request(again.url(path), method: "POST", body: Data("action=delete".utf8))
        #expect(ask.body.contains("Delete your data?"))
        #expect(try StateDump.query(workspace.state, "SELECT COUNT(*) FROM reader") == ["1"], "asking erased")
        let erased = try await HTTP.request(again.url(path), method: "POST", body: Data("action=delete-confirmed".utf8))
        #expect(erased.status == 200)
        #expect(erased.body.contains("Your data is deleted"))
        #expect(try again.stop().status == 0)
        for file in try FileManager.default.subpathsOfDirectory(atPath: workspace.folder.url.path) {
            let bytes = (try? Data(contentsOf: workspace.folder.url.appendingPathComponent(file))) ?? Data()
            #expect(!String(decoding: bytes, as: UTF8.self).lowercased().contains("ada@example.org"), "\(file)")
        }
        #expect(try workspace.sendWithSecret().status == 0)
    }

    @Test func hostileFormsAndTokensWriteNothingAndServeKeepsAnswering() async throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace.takingSignUps(server)
        #expect(try workspace.sendWithSecret().status == 0)
        let issue = try #require(try server.messages().first { $0.recipient == "ada@example.org" })
        let manage = try issue.managePath()
        let serve = try await ServeProcess(workspace)
        let stamp = try await serve.formStamp()
        func post(_ body: String, to path: String = "/subscribe") async throws -> HTTP.Answer {
            try await HTTP.request(serve.url(path), method: "POST", body: Data(body.utf8))
        }

        let huge = try await post("email=a%40example.com&name=" + String(repeating: "x", count: 20_000))
        #expect(huge.status == 413)
        let notUTF8 = try await post("email=%FF%FE%40example.com&stamp=\(stamp)")
        #expect(notUTF8.status == 400)
        let notAnAddress = try await post("email=nobody&stamp=\(stamp)")
        #expect(notAnAddress.status == 400)
        #expect(notAnAddress.body.contains("Enter a whole email address"))
        let twoLines = try await post("email=a%40example.com&name=Ann%0ABcc%3A+x%40example.com&stamp=\(stamp)")
        #expect(twoLines.status == 400)
        let unstamped = try await post("email=embedded%40example.com&name=From+a+website")
        #expect(unstamped.status == 200)
        #expect(unstamped.body.contains("value=\"embedded@example.com\""), "the form comes back filled in")
        let forgedStamp = try await post("email=forged%40example.com&stamp=AAAAAAAAAAAAAAAAAAAAAAAAAAA")
        #expect(forgedStamp.body.contains("Check your inbox"))

        let unsubscribeToken = String(manage.suffix(44).prefix(22))
        for path in [
            "/subscribe/confirm/\(unsubscribeToken)", "/subscribe/confirm/\(manage.suffix(44))",
            "/subscribe/confirm/" + String(repeating: "A", count: 48), "/subscribe/confirm/..%2F..%2Fetc",
            "/subscribe/manage/\(unsubscribeToken)", "/subscribe/manage/" + String(repeating: "A", count: 44),
        ] {
            let answer = try await post("", to: path)
            #expect(answer.status == 404, "\(path): \(answer.status)")
        }
        let wrongAction = try await post("action=drop-table", to: manage)
        #expect(wrongAction.status == 400)
        #expect(try await HTTP.request(serve.url("/healthz")).status == 200)
        #expect(try serve.stop().status == 0)

        #expect(try StateDump.query(workspace.state, "SELECT COUNT(*) FROM reader") == ["0"])
        #expect(try StateDump.query(workspace.state, "SELECT COUNT(*) FROM letter") == ["0"])
        #expect(try StateDump.query(workspace.state, "SELECT COUNT(*) FROM suppression") == ["0"])
        #expect(try StateDump.query(workspace.state, "SELECT outcome, count FROM signupCount") == ["refused-bot\t1"])
        #expect(try server.messages().count == 3, "only the issue went out")
    }

    @Test func theListsHourlyCapHoldsWhateverTheClients() async throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace.takingSignUps(server, subscribe: ["trustedProxies": ["127.0.0.1"], "perHour": 3])
        let serve = try await ServeProcess(workspace)
        var stamps = try await serve.formStamps(8)
        for index in 0..<8 {
            let answer = try serve.signUp(
                "cap\(index)@example.com",
                stamp: stamps.removeLast(),
                forwardedFor: "192.0.2.\(index)"
            )
            #expect(answer.body.contains("Check your inbox"))
        }
        _ = try await server.messages(to: "cap2@example.com", count: 1)
        try await Task.sleep(for: .seconds(1))
        #expect(
            try server.messages().map(\.recipient).sorted() == [
                "cap0@example.com", "cap1@example.com", "cap2@example.com",
            ]
        )
        #expect(
            try StateDump.query(workspace.state, "SELECT SUM(count) FROM signupCount WHERE outcome = 'refused-list'")
                == ["5"]
        )
        #expect(try serve.stop().status == 0)
    }

    @Test func aLetterGoesThroughTheNextRelayAndIsTriedAgainWhenEveryRelayDefers() async throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace.takingSignUps(server)
        let relay: [String: Any] = ["tls": "none", "connections": 1, "timeoutSeconds": 5, "maxAttempts": 1]
        workspace.extraConfig["smtp"] = [
            relay.merging(["url": "smtp://127.0.0.1:\(try HTTP.freePort())"]) { $1 },
            relay.merging(["url": server.url]) { $1 },
        ]
        try workspace.writeConfig()
        try server.setFaults(#"{"rcpt": {"later@example.com": 451}}"#)
        let serve = try await ServeProcess(workspace)
        let stamps = try await serve.formStamps(2)

        _ = try serve.signUp("first@example.com", stamp: stamps[0])
        #expect(
            try await server.messages(to: "first@example.com", count: 1).count == 1,
            "the relay that is down is passed over"
        )

        _ = try serve.signUp("later@example.com", stamp: stamps[1])
        try await Task.sleep(for: .seconds(2))
        #expect(try server.messages().filter { $0.recipient == "later@example.com" }.isEmpty)
        #expect(try StateDump.query(workspace.state, "SELECT attempts FROM letter") == ["1"], "postponed, not dropped")
        try server.setFaults("{}")
        #expect(try await server.messages(to: "later@example.com", count: 1).count == 1, "sent on the next try")
        #expect(try StateDump.query(workspace.state, "SELECT COUNT(*) FROM letter") == ["0"])
        #expect(try serve.stop().status == 0)
    }

    @Test func anUntrustedClientCannotDodgeItsLimitWithXForwardedFor() async throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace.takingSignUps(server, subscribe: ["perClientPerHour": 3])
        let serve = try await ServeProcess(workspace)
        var stamps = try await serve.formStamps(6)
        for index in 0..<6 {
            _ = try serve.signUp(
                "spoof\(index)@example.com",
                stamp: stamps.removeLast(),
                forwardedFor: "192.0.2.\(index)"
            )
        }
        _ = try await server.messages(to: "spoof2@example.com", count: 1)
        try await Task.sleep(for: .seconds(1))
        #expect(
            try server.messages().count == 3,
            "X-Forwarded-For from a client that is no trusted proxy counts for nothing"
        )
        #expect(try serve.stop().status == 0, "refusals are written when serve stops")
        #expect(
            try StateDump.query(workspace.state, "SELECT SUM(count) FROM signupCount WHERE outcome = 'refused-client'")
                == ["3"]
        )
    }

    @Test func checkNamesAMissingLetterTemplateAndTemplatesWithoutTheReadersPage() throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace.takingSignUps(server)
        let env = Workspace.secretEnvironment
        #expect(try workspace.run("check", environment: env).status == 0)

        let templates = workspace.folder.url.appendingPathComponent("Templates")
        try FileManager.default.removeItem(at: templates.appendingPathComponent("letter-data.html.mustache"))
        let missing = try workspace.run("check", environment: env)
        #expect(missing.status != 0)
        #expect(
            (missing.output + missing.stderr).contains("the template letter-data.html.mustache is missing"),
            "\(missing)"
        )

        try "{{% CONTENT_TYPE: TEXT}}\n{{link}} {{unsubscribeURL}}\n".write(
            to: templates.appendingPathComponent("letter-data.html.mustache"),
            atomically: true,
            encoding: .utf8
        )
        let unknown = try workspace.run("check", environment: env)
        #expect(
            (unknown.output + unknown.stderr).contains(
                "letter-data.html.mustache:2: unknown variable 'unsubscribeURL'"
            ),
            "\(unknown)"
        )

        try FileManager.default.removeItem(at: templates.appendingPathComponent("letter-data.html.mustache"))
        try FileManager.default.copyItem(
            at: Repository.root.appendingPathComponent("Templates/letter-data.html.mustache"),
            to: templates.appendingPathComponent("letter-data.html.mustache")
        )
        for name in ["issue.txt.mustache", "issue.html.mustache"] {
            let file = templates.appendingPathComponent(name)
            let text = try String(contentsOf: file, encoding: .utf8)
            let without = text.replacingOccurrences(
                of: #"\{\{#hasManagePage\}\}[\s\S]*?\{\{/hasManagePage\}\}"#,
                with: "",
                options: .regularExpression
            )
            try without.write(to: file, atomically: true, encoding: .utf8)
        }
        let old = try workspace.run("check", environment: env)
        #expect(old.status == 0, "\(old)")
        #expect(old.output.contains("the templates have no {{manageURL}}") || old.stderr.contains("{{manageURL}}"))
    }
}
