import Foundation
import TestSupport
import Testing

/// `newsletter subscribers`: the readers as the next mailing sees them, an editor's additions,
/// exports for the organisation's records, a subject access request.
@Suite struct SubscribersCommandTests {
    @Test func anEditorAddsAReaderAndTheListAndExportsShowEveryoneOnce() throws {
        let workspace = try Workspace()
        try workspace.useReaderEndpoint(archive: false)
        let env = Workspace.secretEnvironment
        #expect(try workspace.run("unsubscribe", "zoe@example.net").status == 0)
        let added = try workspace.run(
            "subscribers",
            "add",
            "Sam <sam@example.com>",
            "--topic",
            "Information sharing",
            "--topic",
            "Child sexual abuse",
            "--issue",
            "topics",
            environment: env
        )
        #expect(added.status == 0, "\(added)")
        let noTopics = try workspace.run("subscribers", "add", "y@example.com", "--issue", "topics", environment: env)
        #expect(noTopics.status == 64 && noTopics.stderr.contains("needs the topics: add --topic T"), "\(noTopics)")
        let badIssue = try workspace.run("subscribers", "add", "y@example.com", "--issue", "some", environment: env)
        #expect(badIssue.status == 64 && badIssue.stderr.contains("use --issue whole or --issue topics"), "\(badIssue)")
        let unknown = try workspace.run("subscribers", "add", "x@example.com", "--topic", "Gardening", environment: env)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("'Gardening' is not one of the list's topics"))

        let list = try workspace.run("subscribers", "list", environment: env)
        #expect(list.status == 0)
        #expect(
            list.output.split(separator: "\n") == [
                "ada@example.org\tactive\tfile\tevery topic\twhole issue",
                "grace@example.org\tactive\tfile\tOnline safety\twhole issue",
                "zoe@example.net\tcommand\tfile\tevery topic\twhole issue",
                "sam@example.com\tactive\teditor\tInformation sharing;Child sexual abuse\tonly these topics",
            ]
        )

        let csv = try workspace.run("subscribers", "export", environment: env)
        #expect(
            csv.output.hasPrefix(
                "email,name,topics,issue,state,origin,askedAt,confirmedAt,form,consent,clientAddress\n"
            )
        )
        #expect(csv.output.contains("\n\"grace@example.org\"") == false)
        #expect(csv.output.contains("grace@example.org,\"Hopper, Grace\",Online safety,whole,active,file,"))
        #expect(csv.output.contains("sam@example.com,Sam,Information sharing;Child sexual abuse,topics,active,editor,"))

        let out = workspace.folder.url.appendingPathComponent("readers.json")
        let json = try workspace.run("subscribers", "export", "--format", "json", "--out", out.path, environment: env)
        #expect(json.status == 0, "\(json)")
        let mode = try FileManager.default.attributesOfItem(atPath: out.path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "an export of readers is private")
        let readers = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [[String: String]]
        )
        #expect(
            readers.map { $0["email"] } == [
                "ada@example.org", "grace@example.org", "zoe@example.net", "sam@example.com",
            ]
        )
        #expect(readers.last?["origin"] == "editor")
        #expect(readers.last?["issue"] == "topics")
        let again = try workspace.run("subscribers", "export", "--out", out.path, environment: env)
        #expect(again.status == 64, "an export never overwrites")

        let shown = try workspace.run("subscribers", "show", "sam@example.com", environment: env)
        #expect(shown.output.contains("Added by an editor"))
        #expect(shown.output.contains("Weekly issue: only the sections of those topics"), "\(shown)")
        #expect(try workspace.run("subscribers", "show", "nobody@example.com", environment: env).status == 66)
    }
}
