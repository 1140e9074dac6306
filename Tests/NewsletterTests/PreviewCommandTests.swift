import Foundation
import TestSupport
import Testing

/// `newsletter preview`, `check` and `status` on a list, run as the real binary.
@Suite struct PreviewCommandTests {
    @Test func previewPrintsTheTextBodyOfTheExample() throws {
        let workspace = try Workspace()
        let result = try workspace.run("preview")
        #expect(result.status == 0, "\(result)")
        let text = result.output
        #expect(text.contains("In this issue"))
        #expect(text.contains("Information sharing"))
        #expect(text.contains("Unsubscribe:\nhttps://example.org/unsubscribe?email=ada%40example.org"))
        for line in text.split(separator: "\n") where !line.contains("://") {
            #expect(line.count <= 72, "line over 72 columns: \(line)")
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.state.path), "preview must not create the state file")
    }

    @Test func previewHTMLIsEscapedAndPersonalised() throws {
        let workspace = try Workspace(exampleItems: false)
        try workspace.addItem(
            "xss",
            topic: "Online safety",
            title: "<script>alert(1)</script> report",
            date: "2026-11-01",
            summary: "Look: <img src=x onerror=alert(1)> and [click](javascript:alert(1))."
        )
        let result = try workspace.run("preview", "--format", "html", "--to", "Zoë <zoe@example.net>")
        #expect(result.status == 0, "\(result)")
        let html = result.output
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("javascript:"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("zoe%40example.net"))
        #expect(html.contains("role=\"presentation\""))
    }

    @Test func previewEMLIsAWholeMessageForTheFirstSubscriber() throws {
        let workspace = try Workspace()
        let result = try workspace.run("preview", "--format", "eml")
        #expect(result.status == 0, "\(result)")
        let report = try PythonEmail.inspect([UInt8](result.stdout))
        #expect(report.allDefects.isEmpty, "\(report.allDefects)")
        #expect(report.to == "Ada Lovelace <ada@example.org>")
        #expect(report.partTypes == ["text/plain", "text/html"])
    }

    @Test func previewOfATopicShowsTheNextAlert() throws {
        let workspace = try Workspace()
        let result = try workspace.run("preview", "--topic", "Online safety")
        #expect(result.status == 0, "\(result)")
        #expect(result.output.contains("Alert: Online safety"))
        #expect(!result.output.contains("Early years"))
    }

    @Test func previewOfTopicsShowsTheCopyOfAReaderOfOnlyThose() throws {
        let workspace = try Workspace()
        let copy = try workspace.run("preview", "--topics", "Early years; online safety")
        #expect(copy.status == 0, "\(copy)")
        #expect(copy.output.contains("This copy has only your topics: Early years and Online safety."))
        #expect(!copy.output.contains("Information sharing"))
        let whole = try workspace.run("preview")
        #expect(whole.output.count > copy.output.count * 2, "the whole issue is far longer")

        let none = try workspace.run("preview", "--topics", "Youth justice")
        #expect(none.status == 0 && none.output.isEmpty, "\(none)")
        #expect(
            none.stderr == "a reader of only Youth justice gets no issue 1: none of those topics has an item in it\n"
        )

        #expect(try workspace.run("preview", "--topics", " ; ").status == 64)
        let both = try workspace.run("preview", "--topic", "Online safety", "--topics", "Early years")
        #expect(both.status == 64 && both.stderr.contains("--topics"), "\(both)")
        #expect(!FileManager.default.fileExists(atPath: workspace.state.path), "preview must not create the state file")
    }

    @Test func checkWarnsOfTemplatesThatDoNotTellAReaderOfTheirTopicsAndRefusesABadIssueField() throws {
        let workspace = try Workspace(
            subscribers: """
                email,name,topics,issue
                ada@example.org,Ada,Online safety,topics
                bob@example.org,Bob,,sometimes

                """
        )
        for name in ["issue.txt.mustache", "issue.html.mustache"] {
            let file = workspace.folder.url.appendingPathComponent("Templates/\(name)")
            var text = try String(contentsOf: file, encoding: .utf8)
            let start = try #require(text.range(of: "{{#personal}}"))
            let end = try #require(text.range(of: "{{/personal}}\n"))
            text.removeSubrange(start.lowerBound..<end.upperBound)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let check = try workspace.run("check")
        #expect(check.status == 65, "\(check)")
        let said = check.output + check.stderr
        #expect(said.contains("subscribers.csv:3: issue: is 'sometimes'; write whole, topics or nothing"), "\(check)")
        #expect(said.contains("1 reader(s) get only their topics, but the templates have no {{#personal}} block"))
    }

    @Test func nothingNewIsOneLineOnStderrAndExitZero() throws {
        let workspace = try Workspace(exampleItems: false)
        let result = try workspace.run("preview")
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("nothing to send"))
    }

    @Test func aBadItemMakesPreviewExit65NamingFileAndField() throws {
        let workspace = try Workspace()
        try workspace.folder.write(
            "---\ntopic: Online safety\ntitle: Broken\ndate: 2026-02-30\n---\nText.\n",
            to: "items/broken.md"
        )
        let result = try workspace.run("preview")
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.contains("items/broken.md:4: date:"))
        #expect(result.stdout.isEmpty)
    }

    @Test func checkListsEveryProblemInEveryFile() throws {
        let workspace = try Workspace(
            subscribers:
                "email,name,topics\ngood@example.org,Good,\nbad@@example.org,Bad,\n\"evil@example.org\r\nRCPT "
                + "TO:<x@y.org>\",Evil,\n"
        )
        try workspace.folder.write(
            "---\ntitle: No topic\ndate: 2026-13-01\nlinks:\n  - label: Go\n    title: There\n    url: "
                + "javascript:alert(1)\n---\n\n",
            to: "items/a-bad.md"
        )
        try workspace.folder.write(
            "---\ntopic: X\ntitle: \"Line\\rbreak\"\ndate: 2026-01-01\n---\nok\n",
            to: "items/b-bad.md"
        )
        let result = try workspace.run("check")
        #expect(result.status == 65, "\(result)")
        let lines = result.stderr
        #expect(lines.contains("items/a-bad.md: topic: is required"))
        #expect(lines.contains("items/a-bad.md:3: date:"))
        #expect(lines.contains("items/a-bad.md:7: links[0].url:"))
        #expect(lines.contains("items/a-bad.md:9: summary: is empty"))
        #expect(lines.contains("items/b-bad.md:3: title: contains a carriage return"))
        #expect(lines.contains("subscribers.csv:3: email:"))
        #expect(lines.contains("subscribers.csv:4: email:"))
    }

    @Test func theBundledExampleSignsItsLinksWithTheSecretItNames() throws {
        let config = Repository.root.appendingPathComponent("config.example.json").path
        let secret = ["NEWSLETTER_SECRET": "example-only-secret-never-use-it-for-a-real-list"]
        let signed = try Command.run(Workspace.binary, ["preview", "--config", config], environment: secret)
        #expect(signed.status == 0, "\(signed)")
        #expect(signed.output.contains("https://example.org/unsubscribe/"), "\(signed.output)")
        #expect(!signed.output.contains("?email="))
        let unset = try Command.run(
            Workspace.binary,
            ["preview", "--config", config],
            environment: ["NEWSLETTER_SECRET": ""]
        )
        #expect(unset.status == 78, "\(unset)")
        #expect(unset.stderr.contains("unsubscribe.secretEnv: the environment variable NEWSLETTER_SECRET is not set"))
    }

    @Test func checkPassesOnTheBundledExample() throws {
        let result = try Command.run(
            Workspace.binary,
            ["check", "--config", Repository.root.appendingPathComponent("config.example.json").path]
        )
        #expect(result.status == 0, "\(result)")
        #expect(result.output.hasPrefix("ok:"))
    }

    @Test(arguments: [
        ("{\"name\": \"x\"", 78, "not valid JSON"),
        ("[]", 78, "must be a JSON object"),
    ])
    func brokenConfigIsOneLineExit78(json: String, status: Int32, message: String) throws {
        let workspace = try Workspace()
        try workspace.folder.write(json, to: "newsletter.json")
        let result = try workspace.run("check")
        #expect(result.status == status, "\(result)")
        #expect(result.stderr.contains(message))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func configKeyErrorsNameTheKey() throws {
        let workspace = try Workspace()
        workspace.extraConfig = ["subjet": "typo"]
        try workspace.writeConfig()
        var result = try workspace.run("preview")
        #expect(result.status == 78)
        #expect(result.stderr.contains("subjet: unknown key"))

        workspace.extraConfig = ["from": "News <news@example.org>\r\nBcc: victim@example.org"]
        try workspace.writeConfig()
        result = try workspace.run("preview")
        #expect(result.status == 78)
        #expect(result.stderr.contains("from: contains a carriage return"))

        workspace.extraConfig = [:]
        workspace.smtp["tls"] = "sometimes"
        try workspace.writeConfig()
        result = try workspace.run("preview")
        #expect(result.status == 78)
        #expect(result.stderr.contains("smtp.tls"))
    }

    @Test func missingFilesExit66() throws {
        let workspace = try Workspace()
        var result = try Command.run(Workspace.binary, ["preview", "--config", workspace.folder.path("nope.json")])
        #expect(result.status == 66)
        #expect(result.stderr.contains("nope.json: config file not found"))

        workspace.extraConfig = ["subscribers": "missing.csv"]
        try workspace.writeConfig()
        result = try workspace.run("preview")
        #expect(result.status == 66)
        #expect(result.stderr.contains("subscribers:"))
    }

    @Test func templateMistakesExit65NamingTheTemplate() throws {
        let workspace = try Workspace()
        let file = workspace.folder.url.appendingPathComponent("Templates/item.html.mustache")
        var template = try String(contentsOf: file, encoding: .utf8)
        template = template.replacingOccurrences(of: "{{title}}", with: "{{titel}}")
        try template.write(to: file, atomically: true, encoding: .utf8)
        let result = try workspace.run("preview")
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.contains("item.html.mustache:3: unknown variable 'titel'"))
    }

    @Test func statusBeforeAnySend() throws {
        let workspace = try Workspace()
        let result = try workspace.run("status")
        #expect(result.status == 0, "\(result)")
        #expect(result.output.contains("Last issue: none yet"))
        #expect(result.output.contains("Items waiting for the next issue: 14"))
        #expect(!FileManager.default.fileExists(atPath: workspace.state.path))
    }

    @Test func badUsageExits64() throws {
        let workspace = try Workspace()
        let result = try workspace.run("preview", "--format", "pdf")
        #expect(result.status == 64)
    }
}
