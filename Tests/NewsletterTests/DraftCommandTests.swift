import Foundation
import TestSupport
import Testing

/// `draft: true` keeps an item out of every issue and alert; `check` lists it, `status` counts it.
@Suite struct DraftCommandTests {
    @Test func aDraftStaysOutOfIssuesAndAlertsUntilTheLineIsRemoved() throws {
        let workspace = try Workspace(exampleItems: false)
        try workspace.addItem(
            "2026-11-02-ready",
            topic: "Online safety",
            title: "Ready: a finished item",
            date: "2026-11-02"
        )
        let draft = """
            ---
            topic: Online safety
            title: Not yet: a draft item
            date: 2026-11-03
            draft: true
            links:
              - label: Read the report
                title: Not yet
            ---
            Still being written.
            """
        try workspace.folder.write(draft, to: "items/2026-11-03-draft.md")

        let preview = try workspace.run("preview")
        #expect(preview.status == 0, "\(preview)")
        #expect(preview.output.contains("Ready: a finished item"))
        #expect(!preview.output.contains("Not yet"))
        let alert = try workspace.run("preview", "--topic", "Online safety")
        #expect(alert.status == 0, "\(alert)")
        #expect(alert.output.contains("Ready: a finished item"))
        #expect(!alert.output.contains("Not yet"))

        let check = try workspace.run("check")
        #expect(check.status == 0, "\(check)")
        #expect(
            check.output.contains(
                "draft: items/2026-11-03-draft.md: needs links[0].url for “Read the report: Not yet”; a review, "
                    + "then remove the line `draft: true`\n"
            )
        )
        #expect(check.output.contains("1 draft (kept out of every issue and alert)"))
        #expect(
            try workspace.run("status").output.contains("Drafts (kept out until an editor removes `draft: true`): 1;")
        )

        // A draft with a real problem still fails the check.
        try workspace.folder.write(
            draft.replacingOccurrences(of: "2026-11-03", with: "2026-11-31"),
            to: "items/2026-11-03-draft.md"
        )
        let broken = try workspace.run("check")
        #expect(broken.status == 65, "\(broken)")
        #expect(broken.stderr.contains("items/2026-11-03-draft.md:4: date:"))

        // Ready: the line removed and the address added, it goes out in the next issue.
        try workspace.folder.write(
            draft.replacingOccurrences(of: "draft: true\n", with: "")
                .replacingOccurrences(
                    of: "    title: Not yet\n",
                    with: "    title: Not yet\n    url: https://example.org/r\n"
                ),
            to: "items/2026-11-03-draft.md"
        )
        #expect(try workspace.run("preview").output.contains("Not yet: a draft item"))
    }
}
