import Foundation
import TestSupport
import Testing

/// `newsletter init` and `newsletter new`, end to end with the real binary.
@Suite struct InitAndNewCommandTests {
    private func run(_ arguments: [String], in folder: URL) throws -> CommandResult {
        try Command.run(Workspace.binary, arguments, in: folder)
    }

    @Test func initWritesAFolderWhereCheckAndPreviewPassAndASecondInitRefuses() throws {
        let parent = try TemporaryFolder(prefix: "init")
        let made = try run(["init", "bulletin"], in: parent.url)
        #expect(made.status == 0, "\(made)")
        let config = parent.url.appendingPathComponent("bulletin/newsletter.json").path
        #expect(
            made.output.contains(
                "\n  newsletter check --config \(config)\n  newsletter preview --config \(config)\n  newsletter new "
            ),
            "\(made.output)"
        )
        let folder = parent.url.appendingPathComponent("bulletin")
        for name in [
            "newsletter.json", "subscribers.csv", "Templates/issue.txt.mustache", "Templates/issue.html.mustache",
            "Templates/item.txt.mustache", "Templates/item.html.mustache",
        ] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "\(name)")
        }
        #expect(
            try String(contentsOf: folder.appendingPathComponent("subscribers.csv"), encoding: .utf8).hasPrefix(
                "email,name,topics\n"
            )
        )
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("items").path).count == 1
        )

        // Signed links from the start: a fresh secret only its owner may read, and no forgeable `{{email}}`.
        let secret = folder.appendingPathComponent("secret.key")
        let mode = try #require(
            try FileManager.default.attributesOfItem(atPath: secret.path)[.posixPermissions] as? Int
        )
        #expect(mode == 0o600, "secret.key has mode \(String(mode, radix: 8))")
        #expect(try String(contentsOf: secret, encoding: .utf8).trimmingCharacters(in: .newlines).utf8.count == 64)
        #expect(
            made.output.contains("secret.key (mode 0600) holds the secret that signs each reader's unsubscribe link")
        )

        let check = try run(["check"], in: folder)
        #expect(check.status == 0, "\(check)")
        #expect(check.output.hasPrefix("ok: config, templates, 1 items, 1 subscribers"), "\(check.output)")
        #expect(!check.stderr.contains("warning"), "\(check.stderr)")
        let preview = try run(["preview"], in: folder)
        #expect(preview.status == 0, "\(preview)")
        #expect(preview.output.contains("Welcome: how this newsletter works"))
        #expect(preview.output.contains("https://example.org/unsubscribe/"), "\(preview.output)")
        #expect(!preview.output.contains("?email="), "\(preview.output)")
        let html = try run(["preview", "--format", "html"], in: folder)
        #expect(html.status == 0)
        #expect(html.output.contains("https://example.org/guide"))

        let before = try String(contentsOf: folder.appendingPathComponent("newsletter.json"), encoding: .utf8)
        try Data("{\"edited\": true}".utf8).write(to: folder.appendingPathComponent("newsletter.json"))
        let again = try run(["init"], in: folder)
        #expect(again.status == 64, "\(again)")
        #expect(
            again.stderr
                == "newsletter: \(folder.path)/newsletter.json: already exists; init never overwrites anything: "
                + "choose an empty folder\n"
        )
        #expect(
            try String(contentsOf: folder.appendingPathComponent("newsletter.json"), encoding: .utf8)
                == "{\"edited\": true}"
        )
        #expect(before.contains("\"items\": \"items\""))
    }

    @Test func newWritesTodaysItemQuotedCorrectlyAndADraftWithoutURL() throws {
        let workspace = try Workspace(exampleItems: false)
        let title = "Neglect: learning from case reviews #2 \"part one\""
        let made = try workspace.run([
            "new", "--topic", "Neglect: practice", "--title", title,
            "--url", "https://example.org/neglect#two", "--source", "@Research in Practice",
        ])
        #expect(made.status == 0, "\(made)")
        let path = made.output.trimmingCharacters(in: .newlines)
        #expect(
            path.hasPrefix("items/") && path.hasSuffix("-neglect-learning-from-case-reviews-2-part-one.md"),
            "\(path)"
        )
        let preview = try workspace.run("preview")
        #expect(preview.status == 0, "\(preview)")
        #expect(preview.output.contains(title))
        #expect(preview.output.contains("Neglect: practice"))
        #expect(preview.output.contains("https://example.org/neglect#two"))

        let draft = try workspace.run(["new", "--topic", "Neglect: practice", "--title", title])
        #expect(draft.status == 0, "\(draft)")
        #expect(
            draft.output.trimmingCharacters(in: .newlines).hasSuffix("-part-one-2.md"),
            "a second file, never over the first"
        )
        #expect(draft.stderr.contains("a draft"))
        let check = try workspace.run("check")
        #expect(check.status == 0, "\(check)")
        #expect(check.output.contains("needs links[0].url for “Read more: \(title)”"), "\(check.output)")

        let bad = try workspace.run(["new", "--topic", "T", "--title", "A", "--url", "javascript:alert(1)"])
        #expect(bad.status == 64, "\(bad)")
        #expect(bad.stderr.hasPrefix("newsletter: --url: "), "\(bad.stderr)")
    }

    @Test func theStarterTemplatesAreTheRepositorysTemplates() throws {
        let folder = try TemporaryFolder(prefix: "init-templates")
        #expect(try run(["init"], in: folder.url).status == 0)
        for name in try FileManager.default.contentsOfDirectory(
            atPath: Repository.root.appendingPathComponent("Templates").path
        ) {
            let repository = try Data(contentsOf: Repository.root.appendingPathComponent("Templates/\(name)"))
            let written = try Data(contentsOf: folder.url.appendingPathComponent("Templates/\(name)"))
            #expect(repository == written, "Templates/\(name) changed: run scripts/embed-templates.sh")
        }
    }
}
