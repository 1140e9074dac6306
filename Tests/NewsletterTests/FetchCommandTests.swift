import Foundation
import TestSupport
import Testing

/// `newsletter fetch` end to end: the real binary, libcurl, and a real HTTP server on a free loopback port.
@Suite(.serialized) struct FetchCommandTests {
    static let feeds = Repository.root.appendingPathComponent("Tests/IntakeCoreTests/Fixtures/feeds")

    private func workspace(_ feeds: [[String: Any]]) throws -> Workspace {
        let workspace = try Workspace(exampleItems: false)
        workspace.extraConfig["feeds"] = feeds
        try workspace.writeConfig()
        return workspace
    }

    private func items(_ workspace: Workspace) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path("items")).filter {
            $0.hasSuffix(".md")
        }.sorted()
    }

    @Test func everyFormatThenNothingNewWith304sAndDeletedItemsStayDeleted() throws {
        let server = try TestFeedServer(root: Self.feeds)
        let workspace = try workspace([
            ["url": "\(server.base)/news.rss", "topic": "Neglect", "source": "Regional Safeguarding Partnership"],
            ["url": "\(server.base)/etag/news.atom", "topic": "Online safety"],
            ["url": "\(server.base)/lastmod/news.json", "topic": "Family courts", "source": "Family Courts Review"],
        ])
        let first = try workspace.run("fetch")
        #expect(first.status == 0, "\(first)")
        #expect(
            first.output == """
                \(server.base)/news.rss: 3 new items, 0 seen before
                \(server.base)/etag/news.atom: 2 new items, 0 seen before
                \(server.base)/lastmod/news.json: 2 new items, 0 seen before

                """
        )
        let written = try items(workspace)
        #expect(written.count == 7)
        let toolkit = try String(
            contentsOfFile: workspace.folder.path("items/2025-04-08-neglect-a-new-toolkit-for-health-visitors.md"),
            encoding: .utf8
        )
        #expect(toolkit.contains("topic: Neglect\n"))
        #expect(toolkit.contains("title: \"Neglect: a new toolkit for health visitors\"\n"))
        #expect(toolkit.contains("source: Regional Safeguarding Partnership\n"))
        #expect(toolkit.contains("draft: true\n"))
        #expect(toolkit.contains("  - label: Read more\n"))
        #expect(toolkit.contains("    url: https://partnership.example.org/news/neglect-toolkit\n"))
        #expect(!toolkit.contains("alert("))
        #expect(written.contains("2025-04-01-safer-streets-parks-a-youth-survey.md"))
        let atom = try String(
            contentsOfFile: workspace.folder.path("items/2025-04-01-safer-streets-parks-a-youth-survey.md"),
            encoding: .utf8
        )
        #expect(
            atom.contains("source: Children's Rights Observatory")
                || atom.contains("source: \"Children's Rights Observatory\"")
        )

        // Drafts: check passes and lists them; preview has nothing to send.
        let check = try workspace.run("check")
        #expect(check.status == 0, "\(check)")
        #expect(check.output.contains("7 drafts"))
        #expect(try workspace.run("preview").stderr.contains("nothing to send"))

        // The editor deletes one item; the second run gets 304s and writes nothing.
        try FileManager.default.removeItem(
            atPath: workspace.folder.path("items/2025-04-08-neglect-a-new-toolkit-for-health-visitors.md")
        )
        let second = try workspace.run("fetch")
        #expect(second.status == 0, "\(second)")
        #expect(
            second.output == """
                \(server.base)/news.rss: not modified since the last fetch
                \(server.base)/etag/news.atom: not modified since the last fetch
                \(server.base)/lastmod/news.json: not modified since the last fetch

                """
        )
        let conditional = try server.requests().suffix(3)
        #expect(conditional.map(\.path) == ["/news.rss", "/etag/news.atom", "/lastmod/news.json"])
        #expect(conditional.allSatisfy { $0.ifNoneMatch != nil || $0.ifModifiedSince != nil })
        #expect(conditional.last?.ifModifiedSince != nil)
        #expect(conditional.dropLast().last?.ifNoneMatch != nil)
        #expect(try server.requests().first?.acceptEncoding?.contains("gzip") == true)

        // A lost state database (as after a crash between writing files and recording them): the full
        // feeds come again, and the files already written are recognised, never written twice.
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: workspace.state.path + suffix)
        }
        let lost = try workspace.run("fetch")
        #expect(lost.status == 0, "\(lost)")
        #expect(try items(workspace) == written, "\(lost.output)")
    }

    @Test func anEntrySeenBeforeIsNeverWrittenAgainEvenAfterTheItemIsDeleted() throws {
        let server = try TestFeedServer(root: Self.feeds)
        // file:// and a redirect to the same feed, plus gzip: the same entries reached three ways.
        let workspace = try workspace([
            ["url": Self.feeds.appendingPathComponent("news.rss").absoluteString, "topic": "Neglect"],
            ["url": "\(server.base)/redirect/news.rss", "topic": "Neglect"],
            ["url": "\(server.base)/gzip/news.rss", "topic": "Neglect"],
        ])
        let first = try workspace.run("fetch")
        #expect(first.status == 0, "\(first)")
        #expect(first.output.contains("news.rss: 3 new items, 0 seen before"), "\(first.output)")
        #expect(first.output.contains("/redirect/news.rss: 0 new items, 3 seen before"))
        #expect(first.output.contains("/gzip/news.rss: 0 new items, 3 seen before"))
        #expect(try items(workspace).count == 3)
        for name in try items(workspace) {
            try FileManager.default.removeItem(atPath: workspace.folder.path("items/\(name)"))
        }
        let again = try workspace.run("fetch")
        #expect(again.status == 0, "\(again)")
        #expect(try items(workspace).isEmpty, "deleted items came back: \(again.output)")
    }

    @Test func failuresAreReportedPerFeedAndTheOthersAreStillRead() throws {
        let server = try TestFeedServer(root: Self.feeds)
        let transient = try workspace([
            ["url": "\(server.base)/status/500", "topic": "T"],
            ["url": "\(server.base)/stall", "topic": "T", "timeoutSeconds": 2],
            ["url": "\(server.base)/huge", "topic": "T"],
            ["url": "\(server.base)/loop/0", "topic": "T"],
            ["url": "\(server.base)/news.json", "topic": "Family courts"],
        ])
        let started = Date()
        let result = try transient.run("fetch")
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(result.status == 75, "\(result)")
        #expect(result.output == "\(server.base)/news.json: 2 new items, 0 seen before\n")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 4, "\(result.stderr)")
        #expect(lines.contains("newsletter: feed \(server.base)/status/500: HTTP 500; the next fetch tries again"))
        #expect(
            lines.contains("newsletter: feed \(server.base)/stall: timed out after 2 s; the next fetch tries again")
        )
        #expect(
            lines.contains(
                "newsletter: feed \(server.base)/huge: larger than 5 MB; refused; the next fetch tries again"
            )
        )
        #expect(
            lines.contains("newsletter: feed \(server.base)/loop/0: more than 5 redirects; the next fetch tries again")
        )
        #expect(try items(transient).count == 2)
        #expect(try server.requests().filter { $0.path.hasPrefix("/loop/") }.count == 6)

        let malformed = try workspace([
            ["url": "\(server.base)/malformed.xml", "topic": "T"],
            ["url": "\(server.base)/malformed.json", "topic": "T"],
            ["url": "\(server.base)/status/500", "topic": "T"],
            ["url": "\(server.base)/external-entity.rss", "topic": "T"],
            ["url": "\(server.base)/news.atom", "topic": "Online safety"],
        ])
        let bad = try malformed.run("fetch")
        #expect(bad.status == 65, "\(bad)")
        #expect(bad.output == "\(server.base)/news.atom: 2 new items, 0 seen before\n")
        #expect(bad.stderr.contains("newsletter: feed \(server.base)/malformed.xml: malformed feed: XML line"))
        #expect(bad.stderr.contains("newsletter: feed \(server.base)/malformed.json: malformed feed: JSON:"))
        #expect(bad.stderr.contains("newsletter: feed \(server.base)/external-entity.rss: malformed feed: XML line"))
        #expect(!bad.stderr.contains("TOP-SECRET"))
        #expect(try items(malformed).count == 2)
    }

    @Test func certificatesAreVerified() throws {
        let server = try TestFeedServer(root: Self.feeds, certificate: try TestCertificate())
        let workspace = try workspace([["url": "\(server.base)/news.rss", "topic": "Neglect"]])
        let result = try workspace.run("fetch")
        #expect(result.status == 75, "\(result)")
        #expect(result.stderr.hasPrefix("newsletter: feed \(server.base)/news.rss: TLS: "), "\(result.stderr)")
        #expect(try items(workspace).isEmpty)
    }

    @Test func dryRunWritesNothingNotEvenTheStateDatabase() throws {
        let server = try TestFeedServer(root: Self.feeds)
        let workspace = try workspace([["url": "\(server.base)/news.rss", "topic": "Neglect"]])
        let dry = try workspace.run("fetch", "--dry-run")
        #expect(dry.status == 0, "\(dry)")
        #expect(
            dry.output.hasPrefix(
                "\(server.base)/news.rss: would write 3 new items, 0 seen before\n  "
                    + "2025-04-08-neglect-a-new-toolkit-for-health-visitors.md\n"
            ),
            "\(dry.output)"
        )
        #expect(try items(workspace).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: workspace.state.path))
    }

    @Test func feedsConfigIsValidated() throws {
        let workspace = try workspace([["url": "ftp://example.org/feed", "topic": "T"]])
        let result = try workspace.run("fetch")
        #expect(result.status == 78, "\(result)")
        #expect(result.stderr.contains("feeds[0].url:"))
        workspace.extraConfig["feeds"] = [["url": "https://example.org/feed", "topic": "T", "colour": "red"]]
        try workspace.writeConfig()
        let unknown = try workspace.run("fetch")
        #expect(unknown.status == 78)
        #expect(unknown.stderr.contains("feeds[0].colour: unknown key"), "\(unknown)")
    }
}
