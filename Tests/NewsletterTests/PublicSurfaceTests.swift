import Foundation
import TestSupport
import Testing

/// What an outsider with a forwarded issue, a botnet or a hostile web page can make the list do,
/// end to end: the real binary, real HTTP, the aiosmtpd test server keeping every message, Python's
/// email parser, the real state file. One test per finding of the attack round (issue 31).
@Suite struct PublicSurfaceTests {
    /// The reader's own page, as `preview --to` shows it before any issue reached them.
    private func pageLink(of address: String, in workspace: Workspace) throws -> String {
        let preview = try workspace.run(
            "preview",
            "--format",
            "text",
            "--to",
            address,
            environment: Workspace.secretEnvironment
        )
        #expect(preview.status == 0, "\(preview)")
        let pattern = try Regex(#"https://news\.example\.org(/subscribe/manage/[A-Za-z0-9_-]{44,46})"#)
        let match = try #require(preview.output.firstMatch(of: pattern), "no page link in the preview")
        return String(match.output[1].substring ?? "")
    }

    @Test func aListedReadersLinkWorksFromTheStartAndThirtyDataRequestsGiveOneLetter() async throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace.takingSignUps(server)
        let path = try pageLink(of: "ada@example.org", in: workspace)
        let serve = try await ServeProcess(workspace)
        let page = try await HTTP.request(serve.url(path))
        #expect(page.status == 200, "a listed reader's link works before any issue reached them")
        #expect(page.body.contains("a•••@e•••.org"))

        var answers: Set<String> = []
        for _ in 0..<30 {
            let answer = try serve.post(path, body: "action=data")
            #expect(answer.status == 200)
            answers.insert(answer.body)
        }
        #expect(answers.count == 1, "every request is answered alike")
        _ = try await server.messages(to: "ada@example.org", count: 1)
        try await Task.sleep(for: .seconds(2))
        #expect(try server.messages().filter { $0.recipient == "ada@example.org" }.count == 1)
        #expect(try StateDump.query(workspace.state, "SELECT COUNT(*) FROM letter") == ["0"], "nothing left queued")
        #expect(try serve.stop().status == 0)
    }

    @Test func aSpamNameReachesNoInboxAndOversizedOrHiddenNamesAreRefused() async throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace.takingSignUps(server)
        let serve = try await ServeProcess(workspace)
        var stamps = try await serve.formStamps(4)
        let spam = "WIN $5000 NOW at https://evil.example/claim"
        let answer = try serve.signUp("target@example.com", stamp: stamps.removeLast(), name: spam)
        #expect(answer.body.contains("Check your inbox"))
        let letter = try #require(try await server.messages(to: "target@example.com", count: 1).first)
        let report = try PythonEmail.inspect(letter.bytes)
        #expect(report.to == "target@example.com", "the To: field carries the address alone")
        let bytes = String(decoding: letter.bytes, as: UTF8.self)
        for word in ["WIN", "5000", "evil.example"] {
            #expect(!bytes.contains(word), "the confirmation carries '\(word)'")
        }
        #expect(report.texts.allSatisfy { $0.hasPrefix("Hello,") || $0.contains("<p>Hello,</p>") })

        // Five "characters" of 4,005 bytes (combining marks), a right-to-left override, a private-use character.
        let heavy = String(repeating: "a" + String(repeating: "\u{301}", count: 400), count: 5)
        for name in [heavy, "Ann \u{202E}moc.live", "Ann\u{E002}"] {
            let refused = try serve.signUp("someone@example.com", stamp: stamps.removeLast(), name: name)
            #expect(refused.status == 400)
            #expect(refused.body.contains("Enter a name of one line"))
        }
        #expect(
            try StateDump.query(workspace.state, "SELECT email, name FROM reader") == ["target@example.com\t\(spam)"]
        )
        #expect(try serve.stop().status == 0)
    }

    @Test func fortySignUpsFromOneSlash64AndOtherSitesPagesSendWhatTheLimitsAllow() async throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace.takingSignUps(server, subscribe: ["trustedProxies": ["127.0.0.1"]])
        let serve = try await ServeProcess(workspace)
        var stamps = try await serve.formStamps(48)
        for index in 0..<40 {
            let client = "2001:db8:77:1::\(String(index + 1, radix: 16))"
            _ = try serve.signUp("six\(index)@example.com", stamp: stamps.removeLast(), forwardedFor: client)
        }
        // One stamp used twice: the second is a bot's replay.
        let stamp = stamps.removeLast()
        _ = try serve.signUp("replay1@example.com", stamp: stamp, forwardedFor: "198.51.100.1")
        _ = try serve.signUp("replay2@example.com", stamp: stamp, forwardedFor: "198.51.100.2")
        // Another site's page posting the form from its visitors' browsers.
        let foreign = try serve.signUp(
            "visitor@example.com",
            stamp: stamps.removeLast(),
            forwardedFor: "198.51.100.3",
            headers: ["Origin: https://evil.example"]
        )
        #expect(foreign.status == 403)
        #expect(foreign.body.contains("value=\"visitor@example.com\""), "the list's own form, filled in")
        let fetched = try serve.signUp(
            "fetched@example.com",
            stamp: stamps.removeLast(),
            forwardedFor: "198.51.100.4",
            headers: ["Sec-Fetch-Site: cross-site"]
        )
        #expect(fetched.status == 403)
        // Our own origins are fine: the public one, and the one the request was sent to.
        let own = try serve.signUp(
            "own@example.com",
            stamp: stamps.removeLast(),
            forwardedFor: "198.51.100.5",
            headers: ["Origin: https://news.example.org", "Sec-Fetch-Site: same-origin"]
        )
        #expect(own.status == 200)
        // Chromium hides the origin of our own pages' forms (their `no-referrer`): Sec-Fetch-Site tells.
        let hidden = try serve.signUp(
            "hidden@example.com",
            stamp: stamps.removeLast(),
            forwardedFor: "198.51.100.6",
            headers: ["Origin: null", "Sec-Fetch-Site: same-origin"]
        )
        #expect(hidden.status == 200)
        let hiddenForeign = try serve.signUp(
            "hidden-foreign@example.com",
            stamp: stamps.removeLast(),
            forwardedFor: "198.51.100.7",
            headers: ["Origin: null", "Sec-Fetch-Site: cross-site"]
        )
        #expect(hiddenForeign.status == 403)

        _ = try await server.messages(to: "own@example.com", count: 1)
        try await Task.sleep(for: .seconds(2))
        let recipients = try server.messages().map(\.recipient)
        #expect(recipients.filter { $0.hasPrefix("six") }.count == 10, "one /64 is one client: perClientPerHour")
        #expect(recipients.filter { $0.hasPrefix("replay") } == ["replay1@example.com"])
        #expect(!recipients.contains("visitor@example.com") && !recipients.contains("fetched@example.com"))
        #expect(recipients.contains("hidden@example.com") && !recipients.contains("hidden-foreign@example.com"))

        // The buttons refuse another site's post outright.
        let path = try #require(try await server.messages(to: "own@example.com", count: 1).first).confirmationPath()
        let pressed = try serve.post(path, body: "", headers: ["Origin: https://evil.example"])
        #expect(pressed.status == 403)
        #expect(
            try StateDump.query(workspace.state, "SELECT state FROM reader WHERE email = 'own@example.com'") == [
                "pending"
            ]
        )
        #expect(try serve.stop().status == 0)
        let counts = try StateDump.query(
            workspace.state,
            "SELECT outcome, SUM(count) FROM signupCount GROUP BY outcome ORDER BY outcome"
        )
        #expect(counts.contains("refused-client\t30"))
        #expect(counts.contains("refused-cross-site\t3"))
        #expect(counts.contains("refused-bot\t1"))
    }

    @Test func aFloodFromOneNetworkLeavesARealReadersSignUpWorking() async throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace.takingSignUps(
            server,
            subscribe: ["trustedProxies": ["127.0.0.1"], "perHour": 40]
        )
        let serve = try await ServeProcess(workspace)
        var stamps = try await serve.formStamps(61)
        // 60 sign-ups, each from a /64 of its own, all in one /48: without a share per network they
        // would use up the list's 40 letters an hour.
        for index in 0..<60 {
            let client = "2001:db8:5:\(String(index, radix: 16))::1"
            _ = try serve.signUp("flood\(index)@example.com", stamp: stamps.removeLast(), forwardedFor: client)
        }
        let real = try serve.signUp("real@example.org", stamp: stamps.removeLast(), forwardedFor: "203.0.113.50")
        #expect(real.body.contains("Check your inbox"))
        #expect(try await server.messages(to: "real@example.org", count: 1).count == 1, "the real reader got mail")
        try await Task.sleep(for: .seconds(1))
        #expect(
            try server.messages().filter { $0.recipient.hasPrefix("flood") }.count == 10,
            "one network gets its share (a tenth of perHour, at least perClientPerHour), not the list's hour"
        )
        #expect(try serve.stop().status == 0)
    }

    @Test func theLogHoldsNoAddressNameOrClientAddress() async throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace.takingSignUps(
            server,
            subscribe: ["trustedProxies": ["127.0.0.1"], "perClientPerHour": 1]
        )
        let serve = try await ServeProcess(workspace)
        var stamps = try await serve.formStamps(2)
        _ = try serve.signUp(
            "logged@example.com",
            stamp: stamps.removeLast(),
            name: "Lena Logsworth",
            forwardedFor: "192.0.2.77"
        )
        _ = try serve.signUp("second@example.com", stamp: stamps.removeLast(), forwardedFor: "192.0.2.77")
        let letter = try #require(try await server.messages(to: "logged@example.com", count: 1).first)
        let confirmed = try await HTTP.request(serve.url(try letter.confirmationPath()), method: "POST", body: Data())
        #expect(confirmed.status == 200)
        let manage = try #require(
            confirmed.body.firstMatch(of: #/https://news\.example\.org(/subscribe/manage/[A-Za-z0-9_-]+)/#)
        )
        let path = String(manage.output.1)
        #expect(try serve.post(path, body: "action=data").status == 200)
        _ = try await server.messages(to: "logged@example.com", count: 2)
        #expect(try serve.post(path, body: "action=delete-confirmed").status == 200)
        let stopped = try serve.stop()
        #expect(stopped.status == 0)
        #expect(stopped.stderr.contains("confirmation: confirmed"), "the log says what happened: \(stopped.stderr)")
        for secret in ["logged@example.com", "second@example.com", "Logsworth", "192.0.2.77"] {
            #expect(!stopped.stderr.contains(secret), "the log holds \(secret)")
        }
    }

    @Test func aRemovedReadersOldLinkSavesNothingAndRotateRevokesEveryOlderLink() async throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace.takingSignUps(server)
        let ada = try pageLink(of: "ada@example.org", in: workspace)
        let grace = try pageLink(of: "grace@example.org", in: workspace)
        let zoe = try pageLink(of: "zoe@example.net", in: workspace)
        var serve = try await ServeProcess(workspace)
        let chose = try serve.post(ada, body: "topic=Child+sexual+abuse&issue=whole&action=topics")
        #expect(chose.status == 200)
        #expect(try serve.stop().status == 0)

        // The editor takes Ada and Grace off the file.
        try workspace.folder.write("email,name,topics\nzoe@example.net,Zoë Ärmel,\n", to: "subscribers.csv")
        serve = try await ServeProcess(workspace)
        let again = try serve.post(ada, body: "topic=Information+sharing&issue=topics&action=topics")
        #expect(again.status == 409)
        #expect(again.body.contains("You are not on the list now"))
        #expect(try serve.post(grace, body: "topic=Information+sharing&action=topics").status == 404)
        #expect(
            try StateDump.query(workspace.state, "SELECT email, topics, scope FROM reader") == [
                "ada@example.org\tChild sexual abuse\twhole"
            ],
            "nothing saved, nobody added"
        )
        #expect(try serve.stop().status == 0)
        #expect(try workspace.sendWithSecret().status == 0)
        #expect(Set(try server.messages().map(\.recipient)) == ["zoe@example.net"], "the removed readers get nothing")

        // A forwarded issue: the editor revokes Zoë's links; the next message carries a new one.
        try workspace.addItem(
            "next-week",
            topic: "Information sharing",
            title: "Next week's report",
            date: "2026-12-01"
        )
        let rotated = try workspace.run(
            "subscribers",
            "rotate",
            "zoe@example.net",
            environment: Workspace.secretEnvironment
        )
        #expect(rotated.status == 0, "\(rotated)")
        #expect(
            try workspace.run("subscribers", "rotate", "nobody@example.org", environment: Workspace.secretEnvironment)
                .status == 66
        )
        let fresh = try pageLink(of: "zoe@example.net", in: workspace)
        #expect(fresh != zoe)
        serve = try await ServeProcess(workspace)
        #expect(try await HTTP.request(serve.url(zoe)).status == 404, "the forwarded link opens nothing")
        #expect(try await HTTP.request(serve.url(fresh)).status == 200)
        #expect(try serve.stop().status == 0)
    }

    @Test func aFeedTitleWithTheRenderersMarkersLeavesOtherReadersCopiesUnchanged() throws {
        let feeds = try TemporaryFolder(prefix: "hostile-feed")
        let today = ISO8601DateFormatter().string(from: Date()).prefix(10)
        try feeds.write(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Hostile &#xE002;feed</title>
            <item><title>Harm&#xE000;email&#xE001;reduction&#xE012; &#xE002;guide</title>
            <link>https://example.org/harm-reduction</link><guid>harm-1</guid>
            <pubDate>\(RFC822.string(today))</pubDate>
            <description>A summary with &amp;#xE000;email&amp;#xE001; and &#xE010;markers&#xE002; in it.
            </description></item>
            </channel></rss>
            """,
            to: "hostile.rss"
        )
        let feedServer = try TestFeedServer(root: feeds.url)
        defer { feedServer.stop() }
        let subscribers =
            "email,name,topics,issue\nada@example.org,Ada,,\nnia@example.org,Nia,Information sharing,topics\n"
        let workspace = try Workspace(subscribers: subscribers)
        workspace.extraConfig["feeds"] = [["url": "\(feedServer.base)/hostile.rss", "topic": "Child sexual abuse"]]
        try workspace.writeConfig()
        let before = try workspace.run("preview", "--to", "nia@example.org")
        #expect(before.status == 0, "\(before)")

        // An item file with a marker in a field: check names it.
        try workspace.folder.write(
            "---\ntopic: Child sexual abuse\ntitle: Marked\u{E002} title\ndate: 2026-12-01\n---\nFine.\n",
            to: "items/marked.md"
        )
        let check = try workspace.run("check")
        #expect(check.status == 65)
        #expect(
            check.stderr.contains("marked.md:3") && check.stderr.contains("private-use character U+E002"),
            "\(check)"
        )
        try FileManager.default.removeItem(at: workspace.folder.url.appendingPathComponent("items/marked.md"))

        let fetched = try workspace.run("fetch")
        #expect(fetched.status == 0, "\(fetched)")
        let drafts = try FileManager.default.contentsOfDirectory(
            atPath: workspace.folder.url.appendingPathComponent("items").path
        )
        .filter { $0.contains("harm") }
        let draft = try #require(drafts.first, "fetch wrote no draft")
        let file = workspace.folder.url.appendingPathComponent("items/\(draft)")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(!text.unicodeScalars.contains { (0xE000...0xE0FF).contains($0.value) }, "fetch kept a marker")
        #expect(text.contains("Harmemailreduction guide"))
        try text.replacingOccurrences(of: "draft: true\n", with: "").write(to: file, atomically: true, encoding: .utf8)
        #expect(try workspace.run("check").status == 0)

        let after = try workspace.run("preview", "--to", "nia@example.org")
        #expect(after.output == before.output, "a reader of another topic's copy changed")
        let whole = try workspace.run("preview", "--to", "ada@example.org")
        #expect(whole.output.contains("Harmemailreduction guide"))
        // Markdown turns a character reference into a marker as it renders: taken out after it.
        let html = try workspace.run("preview", "--format", "html", "--to", "ada@example.org")
        #expect(html.output.contains("A summary with email and markers in it."), "\(html.output)")
        #expect(!html.output.unicodeScalars.contains { (0xE000...0xE0FF).contains($0.value) })
    }

    @Test func anExportedFormulaNameIsInertAndFilesModesAreChecked() throws {
        let subscribers = "email,name,topics\nada@example.org,\"=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\",\n"
        let workspace = try Workspace(subscribers: subscribers)
        let export = try workspace.run("subscribers", "export", "--format", "csv")
        #expect(export.status == 0, "\(export)")
        let fields = try PythonCSV.rows(export.output)
        #expect(fields.count == 2)
        #expect(fields[1][1] == "'=HYPERLINK(\"https://evil.example\",\"x\")", "\(fields)")

        // init under umask 000: nothing anyone could change, and the readers' file for its owner alone.
        let folder = try TemporaryFolder(prefix: "init-umask")
        let made = try Command.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "umask 000 && exec \"$0\" init \"$1\"", Workspace.binary.path, folder.url.path],
            in: folder.url
        )
        #expect(made.status == 0, "\(made)")
        let list = folder.url.appendingPathComponent("subscribers.csv").path
        #expect(try mode(list) == 0o600)
        for name in ["newsletter.json", "Templates", "Templates/issue.txt.mustache", "items"] {
            #expect(
                try mode(folder.url.appendingPathComponent(name).path) & 0o022 == 0,
                "\(name) is writable by others"
            )
        }
        let config = ["--config", folder.url.appendingPathComponent("newsletter.json").path]
        let clean = try Command.run(Workspace.binary, ["check"] + config, in: folder.url)
        #expect(!clean.stderr.contains("may be"), "\(clean)")

        chmod(list, 0o644)
        chmod(folder.url.appendingPathComponent("items").path, 0o777)
        let warned = try Command.run(Workspace.binary, ["check"] + config, in: folder.url)
        #expect(warned.stderr.contains("subscribers.csv may be read by others (mode 644)"), "\(warned)")
        #expect(warned.stderr.contains("items may be changed by anyone on this machine"), "\(warned)")
    }

    private func mode(_ path: String) throws -> mode_t {
        var info = stat()
        guard stat(path, &info) == 0 else { throw HTTP.Failure(description: "no \(path)") }
        return info.st_mode & 0o777
    }
}

/// An RFC 822 date for a feed's `pubDate`, at noon UTC of `day` (`YYYY-MM-DD`).
private enum RFC822 {
    static func string(_ day: Substring) -> String {
        let parser = DateFormatter()
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.timeZone = TimeZone(identifier: "UTC")
        parser.dateFormat = "yyyy-MM-dd HH:mm"
        let date = parser.date(from: day + " 12:00") ?? Date()
        parser.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return parser.string(from: date)
    }
}

/// CSV read back by Python's `csv` module, as a spreadsheet importer would split it.
private enum PythonCSV {
    static func rows(_ text: String) throws -> [[String]] {
        let script = "import csv, json, sys; print(json.dumps(list(csv.reader(sys.stdin))))"
        let result = try Command.run(
            URL(fileURLWithPath: "/usr/bin/python3"),
            ["-c", script],
            in: FileManager.default.temporaryDirectory,
            input: Data(text.utf8)
        )
        return try JSONDecoder().decode([[String]].self, from: result.stdout)
    }
}
