import Foundation
import TestSupport
import Testing

/// `newsletter import` end to end: the real binary, a real items folder and a real SQLite state file.
@Suite struct ImportCommandTests {
    static let seeds = ["000_84affe4d808ea273.txt", "001_ceff93cec4450d9a.txt", "002_b5e7ee15641e49f7.txt"].map {
        Repository.root.appendingPathComponent("../shared/seeds/\($0)").standardizedFileURL.path
    }
    static let fixtures = Repository.root.appendingPathComponent("Tests/IntakeCoreTests/Fixtures/bulletins")

    private func itemFiles(_ workspace: Workspace) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path("items")).filter {
            $0.hasSuffix(".md")
        }.sorted()
    }

    /// Rows of the state database, read by Python's sqlite3 (an outside reader).
    private func query(_ workspace: Workspace, _ sql: String) throws -> String {
        let result = try Command.run(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [
                "-c",
                "import sqlite3,sys\nfor r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): "
                    + "print('|'.join(map(str, r)))",
                workspace.state.path, sql,
            ]
        )
        #expect(result.status == 0, "\(result)")
        return result.output
    }

    @Test func theSeedsAsSentThenANewItemIsTheOnlyOneInTheNextIssue() throws {
        let workspace = try Workspace(exampleItems: false)
        // The shell lists the seeds newest first: they are recorded oldest first, and the import says so.
        let imported = try workspace.run(["import", "--as-sent"] + Self.seeds)
        #expect(imported.status == 0, "\(imported)")
        #expect(
            imported.output == """
                \(Self.seeds[2]): 5 items written, 0 duplicates, 5 drafts; recorded as issue 1 of 3 August 2023, \
                already sent
                \(Self.seeds[1]): 6 items written, 0 duplicates, 6 drafts; recorded as issue 2 of 30 May 2024, \
                already sent
                \(Self.seeds[0]): 3 items written, 2 duplicates, 3 drafts; recorded as issue 3 of 24 June 2024, \
                already sent
                total: 14 items written, 2 duplicates, 14 drafts; `newsletter check` lists what each draft needs

                """
        )
        #expect(
            imported.stderr.contains(
                "import: the bulletins are recorded oldest first, by date, not in the order given"
            ),
            "\(imported.stderr)"
        )
        #expect(try itemFiles(workspace).count == 14)
        #expect(try itemFiles(workspace).contains("2024-05-16-free-live-webinar-unpacking-complex-trauma.md"))

        let check = try workspace.run("check")
        #expect(check.status == 0, "\(check)")
        #expect(check.output.components(separatedBy: "\ndraft: ").count == 14, "\(check.output)")
        #expect(
            check.output.contains(
                "draft: items/2024-05-09-government-response-to-child-sexual-abuse-mandatory.md: needs links[0].url "
                    + "for “Read the report via the NSPCC: "
            )
        )
        #expect(check.output.contains("14 drafts"))

        // The issues carry their items and real bodies, and are complete (nothing to deliver).
        #expect(
            try query(
                workspace,
                "SELECT number, date, completedAt IS NOT NULL, (SELECT COUNT(*) FROM mailingItem WHERE mailingId = "
                    + "mailing.id) FROM mailing ORDER BY number"
            )
                == "1|2023-08-03|1|5\n2|2024-05-30|1|6\n3|2024-06-24|1|3\n"
        )
        let html = try query(workspace, "SELECT htmlBody FROM mailing WHERE number = 1")
        #expect(html.contains("Serious youth violence research programme"))
        #expect(html.contains("<html") || html.contains("<!DOCTYPE") || html.contains("<table"))

        let status = try workspace.run("status")
        #expect(status.output.contains("Last issue: issue 3 of 24 June 2024"), "\(status)")
        #expect(status.output.contains("Drafts (kept out until an editor removes `draft: true`): 14"), "\(status)")

        // Nothing new yet: drafts never go out.
        let nothing = try workspace.run("preview")
        #expect(nothing.status == 0)
        #expect(nothing.stderr.contains("nothing new since issue 3"), "\(nothing)")

        try workspace.addItem(
            "2026-11-30-kinship-care-allowance",
            topic: "Kinship care",
            title: "Kinship care: a new allowance",
            date: "2026-11-30"
        )
        let preview = try workspace.run("preview")
        #expect(preview.status == 0, "\(preview)")
        #expect(preview.output.contains("Issue 4"), "\(preview.output.prefix(600))")
        #expect(preview.output.contains("Kinship care: a new allowance"))
        #expect(!preview.output.contains("Why language matters"))

        // A second import finds every item already there and records nothing more.
        let again = try workspace.run(["import", "--as-sent", Self.seeds[0]])
        #expect(again.status == 0)
        #expect(
            again.output.hasPrefix(
                "\(Self.seeds[0]): 0 items written, 5 duplicates, 0 drafts; not recorded: every item of it was in "
                    + "an earlier issue\n"
            )
        )
        #expect(try query(workspace, "SELECT COUNT(*) FROM mailing") == "3\n")
    }

    @Test func dryRunWritesNothingAndAnImportNeverOverwrites() throws {
        let workspace = try Workspace(exampleItems: false)
        let files = ["archive-a.txt", "archive-b.txt"].map { Self.fixtures.appendingPathComponent($0).path }
        let dry = try workspace.run(["import", "--dry-run", "--as-sent"] + files)
        #expect(dry.status == 0, "\(dry)")
        #expect(
            dry.output.contains(
                "archive-a.txt: 3 items to write, 0 duplicates, 3 drafts; would be recorded as issue 1 of 12 March 2025"
            ),
            "\(dry.output)"
        )
        #expect(
            dry.output.contains(
                "archive-b.txt: 4 items to write, 1 duplicate, 4 drafts; would be recorded as issue 2 of 19 March 2025"
            ),
            "\(dry.output)"
        )
        #expect(!dry.stderr.contains("oldest first"), "given in date order, nothing to say: \(dry.stderr)")
        #expect(try itemFiles(workspace).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: workspace.state.path))

        let real = try workspace.run(["import"] + files)
        #expect(real.status == 0, "\(real)")
        #expect(
            real.output.hasSuffix(
                "total: 7 items written, 1 duplicate, 7 drafts; `newsletter check` lists what each draft needs\n"
            )
        )
        #expect(!FileManager.default.fileExists(atPath: workspace.state.path))
        let edited = workspace.folder.url.appendingPathComponent(
            "items/2025-02-05-neglect-noticing-the-slow-build-up-of-harm.md"
        )
        try Data("---\ntopic: Neglect\ntitle: Edited by hand\ndate: 2025-02-05\n---\nMine.\n".utf8).write(to: edited)
        let again = try workspace.run(["import", files[0]])
        #expect(again.output.hasPrefix("\(files[0]): 0 items written, 3 duplicates, 0 drafts\n"), "\(again)")
        #expect(try String(contentsOf: edited, encoding: .utf8).contains("Edited by hand"))
        #expect(try workspace.run("check").status == 0)
    }

    @Test func aFileNotInTheLayoutIs65WithFileAndLineAndWritesNothing() throws {
        let workspace = try Workspace(exampleItems: false)
        let bad = try workspace.folder.write(
            "Online safety\n\nSource: Ofcom\n\nDate: the week after next\n\nText.\n",
            to: "bad.txt"
        )
        let good = Self.fixtures.appendingPathComponent("archive-a.txt").path
        let result = try workspace.run("import", good, bad.path)
        #expect(result.status == 65, "\(result)")
        #expect(
            result.stderr
                == "newsletter: \(bad.path):5: 'the week after next' is not a date; write it as 24 June 2024\n"
        )
        #expect(try itemFiles(workspace).isEmpty)
        let missing = try workspace.run("import", workspace.folder.path("nope.txt"))
        #expect(missing.status == 66, "\(missing)")
    }
}
