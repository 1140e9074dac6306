import Foundation
import TestSupport
import Testing

/// Input an outsider controls, end to end through the real binary: a feed built to crash or stall
/// `fetch`, and bounce mail built to exhaust memory or slip past the size cap. Each costs only its
/// own feed or message; everything else is read, and the next run works.
///
/// The other doors have their own suites: the slow and framed requests in `ServeCommandTests`, the
/// forged bounce without VERP in `BouncesCommandTests`, the state file's mode in `PrivateFilesTests`.
@Suite struct HostileInputTests {
    /// An RSS feed with one item whose description is `description` (raw XML, not escaped).
    private static func feed(title: String, description: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>\(title)</title>
        <item><title>\(title)</title><link>https://feeds.example.org/\(title.lowercased())</link>
        <pubDate>Tue, 08 Apr 2025 09:00:00 GMT</pubDate><description>\(description)</description></item>
        </channel></rss>
        """
    }

    @Test func aFeedNestedTenThousandDeepAndAFloodOfBracketsCostNoOtherFeed() throws {
        let root = try TemporaryFolder(prefix: "hostile-feeds")
        let depth = 10_000
        try root.write(
            Self.feed(
                title: "Deep",
                description: String(repeating: "<b>", count: depth) + "text" + String(repeating: "</b>", count: depth)
            ),
            to: "deep.rss"
        )
        // A million '<' escaped in the description: its HTML is one long false start.
        try root.write(
            Self.feed(title: "Flood", description: String(repeating: "&lt;", count: 1_000_000) + "&gt;"),
            to: "flood.rss"
        )
        try FileManager.default.copyItem(
            at: FetchCommandTests.feeds.appendingPathComponent("news.json"),
            to: root.url.appendingPathComponent("news.json")
        )
        let server = try TestFeedServer(root: root.url)
        let workspace = try Workspace(exampleItems: false)
        workspace.extraConfig["feeds"] = [
            ["url": "\(server.base)/deep.rss", "topic": "Neglect"],
            ["url": "\(server.base)/flood.rss", "topic": "Neglect"],
            ["url": "\(server.base)/news.json", "topic": "Family courts"],
        ]
        try workspace.writeConfig()

        let first = try workspace.run("fetch")
        #expect(first.status == 65, "\(first)")
        #expect(
            first.output == """
                \(server.base)/flood.rss: 1 new item, 0 seen before
                \(server.base)/news.json: 2 new items, 0 seen before

                """,
            "\(first)"
        )
        #expect(
            first.stderr == "newsletter: feed \(server.base)/deep.rss: malformed feed: XML line 4: elements nest "
                + "more than 256 deep; no feed needs that; ask its publisher, or remove it from feeds\n",
            "\(first)"
        )
        let items = try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path("items"))
        #expect(items.count == 3, "\(items)")
        let flood = try #require(items.first { $0.contains("flood") })
        let floodText = try String(contentsOfFile: workspace.folder.path("items/\(flood)"), encoding: .utf8)
        #expect(floodText.contains("<<<<"), "the flood's text is kept as text")

        let second = try workspace.run("fetch")
        #expect(second.status == 65, "\(second)")
        #expect(
            second.output == """
                \(server.base)/flood.rss: not modified since the last fetch
                \(server.base)/news.json: not modified since the last fetch

                """,
            "\(second)"
        )
    }

    /// A feed that takes its time holds up nothing: `fetch` takes the state lock only to record what
    /// it read, so the weekly send started meanwhile goes out.
    @Test func aSendStartedWhileAFeedDownloadsGoesOut() throws {
        let server = try TestFeedServer(root: FetchCommandTests.feeds)
        let smtp = try TestSMTPServer()
        let workspace = try Workspace()
        workspace.smtp = ["url": smtp.url, "tls": "none", "connections": 2, "timeoutSeconds": 10, "maxAttempts": 2]
        workspace.extraConfig["feeds"] = [["url": "\(server.base)/slow/news.rss", "topic": "Neglect"]]
        try workspace.writeConfig()

        let fetch = try workspace.start("fetch")
        let deadline = Date().addingTimeInterval(10)
        while try !server.requests().contains(where: { $0.path == "/slow/news.rss" }) && Date() < deadline {
            usleep(20_000)
        }
        let send = try workspace.run("send")
        let fetched = try Command.wait(fetch)
        #expect(send.status == 0, "\(send)")
        #expect(try smtp.messages().count == 3)
        #expect(fetched.status == 0, "\(fetched)")
        #expect(fetched.output == "\(server.base)/slow/news.rss: 3 new items, 0 seen before\n", "\(fetched)")
    }

    /// A 47 MB Latin-1 bounce is read in memory proportional to it (it once cost a gigabyte), and a
    /// 60 MB line is refused by the 50 MB cap before it is held (it once slipped past, being checked
    /// only at line ends). The report after both is still read.
    @Test func aHugeLatin1BounceAndAnOverlongMboxLineCostNoOtherReport() throws {
        let workspace = try Workspace(subscribers: "email,name,topics\nada@example.org,Ada,\n")
        let folder = try TemporaryFolder(prefix: "hostile-bounces")
        let from = Data("From MAILER-DAEMON Mon Nov 23 08:02:11 2026\n".utf8)
        var mbox = from
        var latin = String(
            decoding: try ReportFixture.make("legacy-qmail.eml", to: "news@example.org", recipient: "big@example.net"),
            as: UTF8.self
        )
        latin = latin.replacingOccurrences(
            of: "Subject: failure notice\n",
            with: "Subject: failure notice\nContent-Type: text/plain; charset=iso-8859-1\n"
        )
        mbox.append(Data(latin.utf8))
        // "Réponse à l'élève" in Latin-1, line after line: 47 MB that are not UTF-8.
        let line: [UInt8] =
            Array("R".utf8) + [0xE9] + Array("ponse ".utf8) + [0xE0] + Array(" l'".utf8) + [0xE9]
            + Array("l".utf8) + [0xE8] + Array("ve; ".utf8)
        var row: [UInt8] = []
        for _ in 0..<6 { row += line }
        row.append(0x0A)
        for _ in 0..<(47 * 1024 * 1024 / row.count) { mbox.append(contentsOf: row) }
        mbox.append(from)
        mbox.append(Data("Subject: one endless line\n\n".utf8))
        mbox.append(Data(repeating: UInt8(ascii: "x"), count: 60 * 1024 * 1024))
        mbox.append(Data("\n".utf8))
        mbox.append(from)
        mbox.append(
            Data(try ReportFixture.make("dsn-hard.eml", to: "news@example.org", recipient: "after@example.net"))
        )
        let file = try folder.write(mbox, to: "hostile.mbox")

        let dry = try workspace.run("bounces", "--dry-run", file.path)
        #expect(dry.status == 65, "\(dry)")
        #expect(
            dry.output
                == "hard\tbig@example.net\t5.7.1\t\(file.path)#1\nhard\tafter@example.net\t5.1.1\t\(file.path)#3\n",
            "\(dry)"
        )
        let lines = dry.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(dry)")
        #expect(lines.first?.contains("hostile.mbox#2") == true && lines.first?.contains("larger than 50 MB") == true)
    }

    /// Files that must be small are read only up to their cap: an item over 1 MB, a subscriber row
    /// over 64 KB (a quote never closed), a config that never ends. One line each, and the exit
    /// code of bad data (65) or a bad config (78).
    @Test func filesPastTheirCapAreOneLineEach() throws {
        let workspace = try Workspace()
        try workspace.folder.write(
            "---\ntopic: Information sharing\ntitle: Huge\ndate: 2026-09-01\n---\n"
                + String(repeating: "A summary that goes on. ", count: 50_000),
            to: "items/2026-09-huge.md"
        )
        let item = try workspace.run("check")
        #expect(item.status == 65, "\(item)")
        #expect(
            item.stderr.contains(
                "items/2026-09-huge.md: is larger than 1 MB; an item is a short summary and its links: shorten it"
            ),
            "\(item)"
        )
        try FileManager.default.removeItem(atPath: workspace.folder.path("items/2026-09-huge.md"))

        try workspace.folder.write(
            "email,name,topics\nada@example.org,Ada,\nbo@example.org,\"Bo,\n"
                + String(repeating: "reader@example.org,Reader,\n", count: 3000),
            to: "subscribers.csv"
        )
        let list = try workspace.run("check")
        #expect(list.status == 65, "\(list)")
        #expect(list.stderr.contains("line 3: a row longer than 64 KB, most likely a quote that is never closed"))
        #expect(list.stderr.split(separator: "\n").count == 1, "\(list)")

        let endless = try Command.run(Workspace.binary, ["check", "--config", "/dev/zero"], in: workspace.folder.url)
        #expect(endless.status == 78, "\(endless)")
        #expect(
            endless.stderr == "newsletter: /dev/zero: is larger than 1 MB; a config is a few kilobytes: "
                + "is this the right file?\n",
            "\(endless)"
        )
    }
}
