import Foundation
import TestSupport
import Testing

/// The web archive: written by `send` before the first message, rebuilt by `archive`, served by
/// `serve`, parsed by Python's XML parser and rendered by headless Chromium.
@Suite struct ArchiveCommandTests {
    private func sentWorkspace(_ server: TestSMTPServer) throws -> Workspace {
        let workspace = try Workspace()
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 2, "timeoutSeconds": 10, "maxAttempts": 2]
        try workspace.useReaderEndpoint()
        let sent = try workspace.sendWithSecret()
        #expect(sent.status == 0, "\(sent)")
        return workspace
    }

    private func archiveFiles(_ workspace: Workspace) throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: workspace.site.path) {
            files[name] = try String(contentsOf: workspace.site.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    @Test func sendWritesTheIssuePageIndexAndFeedWithNoReadersData() throws {
        let server = try TestSMTPServer()
        let workspace = try sentWorkspace(server)
        try workspace.addItem("later", topic: "Online safety", title: "A later report on apps", date: "2026-11-21")
        #expect(try workspace.sendWithSecret().status == 0)

        let files = try archiveFiles(workspace)
        #expect(Set(files.keys) == ["1.html", "2.html", "index.html", "feed.xml"], "\(files.keys)")
        let subscribers = try String(
            contentsOf: workspace.folder.url.appendingPathComponent("subscribers.csv"),
            encoding: .utf8
        )
        for (name, text) in files {
            for address in ["ada@example.org", "grace@example.org", "zoe@example.net", "Lovelace", "Hopper"] {
                #expect(!text.contains(address), "\(name) carries \(address)")
            }
            #expect(!text.contains("\u{E000}"), "\(name) has a placeholder left")
            #expect(!text.contains("/unsubscribe/"), "\(name) carries a reader's unsubscribe token")
        }
        #expect(subscribers.contains("ada@example.org"))
        let page = try #require(files["2.html"])
        #expect(page.contains("A later report on apps"))
        #expect(page.contains("mailto:unsubscribe@example.org?subject=unsubscribe"))
        #expect(page.contains("your address"))
        let index = try #require(files["index.html"])
        let first = try #require(index.range(of: "href=\"2.html\""))
        let second = try #require(index.range(of: "href=\"1.html\""))
        #expect(first.lowerBound < second.lowerBound, "the index is not newest first")
        #expect(index.contains("1 item"))

        // Every "Read it on the web" link leads to a page that exists.
        for message in try server.messages() {
            let html = try PythonEmail.inspect(message.bytes).texts[1]
            let match = try #require(
                html.firstMatch(of: try Regex(#"https://news\.example\.org/newsletter/(\d+)\.html"#))
            )
            let number = String(match.output[1].substring ?? "")
            #expect(files["\(number).html"] != nil)
        }
        #expect(try HTMLCheck.problems(in: page) == [])
        #expect(try HTMLCheck.problems(in: index) == [])
    }

    @Test func theFeedIsAtomThatPythonsXMLParserReads() throws {
        let server = try TestSMTPServer()
        let workspace = try sentWorkspace(server)
        let script = """
            import sys, xml.etree.ElementTree as ET
            A = '{http://www.w3.org/2005/Atom}'
            root = ET.parse(sys.argv[1]).getroot()
            assert root.tag == A + 'feed', root.tag
            for key in ('id', 'title', 'updated', 'author'):
                assert root.find(A + key) is not None, key
            for entry in root.findall(A + 'entry'):
                link = entry.find(A + 'link').get('href')
                print(entry.find(A + 'title').text + '\\t' + link + '\\t' + entry.find(A + 'updated').text)
            """
        let result = try Command.run(
            URL(fileURLWithPath: TestSMTPServer.python),
            ["-c", script, workspace.site.appendingPathComponent("feed.xml").path]
        )
        #expect(result.status == 0, "\(result)")
        let entries = result.output.split(separator: "\n")
        #expect(entries.count == 1)
        #expect(entries.first?.hasPrefix("Safeguarding Weekly · Issue 1 · ") == true)
        #expect(entries.first?.contains("\thttps://news.example.org/newsletter/1.html\t") == true)
    }

    @Test func archiveRebuildsTheFolderFromTheLedger() throws {
        let server = try TestSMTPServer()
        let workspace = try sentWorkspace(server)
        let before = try archiveFiles(workspace)
        try FileManager.default.removeItem(at: workspace.site)
        let rebuilt = try workspace.run("archive")
        #expect(rebuilt.status == 0, "\(rebuilt)")
        #expect(try archiveFiles(workspace) == before)

        let bare = try Workspace()
        let refused = try bare.run("archive")
        #expect(refused.status == 78, "\(refused)")
        #expect(refused.stderr.contains("archive"))
    }

    @Test func serveServesTheArchiveWithItsContentTypes() async throws {
        let server = try TestSMTPServer()
        let workspace = try sentWorkspace(server)
        let serve = try await ServeProcess(workspace)
        for (path, type) in [
            ("/newsletter/1.html", "text/html; charset=utf-8"), ("/newsletter/", "text/html; charset=utf-8"),
            ("/newsletter/feed.xml", "application/atom+xml; charset=utf-8"),
        ] {
            let answer = try await HTTP.request(serve.url(path))
            #expect(answer.status == 200, "\(path)")
            #expect(answer.headers["content-type"] == type, "\(path)")
        }
        #expect(try await HTTP.request(serve.url("/newsletter/2.html")).status == 404)
        #expect(try serve.stop().status == 0)
    }

    @Test func chromiumRendersTheIssuePage() throws {
        let server = try TestSMTPServer()
        let workspace = try sentWorkspace(server)
        let page = workspace.site.appendingPathComponent("1.html")
        let result = try Chromium.dumpDOM(page)
        #expect(result.status == 0, "\(result)")
        #expect(result.output.contains("Safeguarding Weekly"))
        #expect(result.output.contains("All issues of Safeguarding Weekly"))
        #expect(result.output.contains("In this issue"))
    }
}
