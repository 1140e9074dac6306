import Foundation
import TestSupport
import Testing

/// A person's whole journey in a real browser: headless Chromium driven by Selenium (Debian's
/// `python3-selenium` and `chromium-driver`) finds the form, joins, reads the confirmation from the
/// test SMTP server, presses the button, chooses topics on their own page, asks for their data and
/// deletes it; axe-core (from PyPI's `axe-core-python`) checks every page against WCAG 2.1 A and AA.
@Suite struct JoiningBrowserTests {
    static let hint =
        "the browser test needs Debian's chromium, chromium-driver and python3-selenium, and axe-core "
        + "in .build/axe/axe.min.js: scripts/test.sh installs all of them"

    private struct Journey: Decodable {
        struct Page: Decodable {
            struct Violation: Decodable {
                var id: String
                var impact: String?
                var nodes: [String]
            }
            var name: String
            var title: String
            var violations: [Violation]
            var screenshots: [String]
        }
        var pages: [Page]
        var seen: [String: Seen]
    }

    /// A value the journey noted: text, a flag, a number or a list.
    private enum Seen: Decodable, Equatable {
        case text(String)
        case flag(Bool)
        case number(Int)
        case list([String])

        init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let flag = try? value.decode(Bool.self) {
                self = .flag(flag)
            } else if let number = try? value.decode(Int.self) {
                self = .number(number)
            } else if let list = try? value.decode([String].self) {
                self = .list(list)
            } else {
                self = .text(try value.decode(String.self))
            }
        }

        var text: String { if case .text(let text) = self { text } else { "" } }
    }

    @Test func aPersonJoinsChoosesTopicsGetsAndDeletesTheirDataInABrowser() async throws {
        let axe = Repository.root.appendingPathComponent(".build/axe/axe.min.js")
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver", axe.path]
        where !FileManager.default.fileExists(atPath: tool) {
            Issue.record("\(tool) is missing: \(Self.hint)")
            return
        }
        let server = try TestSMTPServer()
        let workspace = try Workspace()
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 1, "timeoutSeconds": 10, "maxAttempts": 2]
        workspace.extraConfig["subscribe"] = [
            "url": "https://news.example.org/subscribe", "consent": JoiningTests.consent,
        ]
        workspace.extraConfig["topics"] = ["Information sharing", "Child sexual abuse", "Online safety"]
        try workspace.useReaderEndpoint(archive: false)
        let serve = try await ServeProcess(workspace)
        let shots = try TemporaryFolder(prefix: "journey")
        let run = try Command.run(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [
                Repository.root.appendingPathComponent("Tests/NewsletterTests/Fixtures/reader_journey.py").path,
                serve.url(""), server.spool.path, axe.path, shots.url.path,
            ],
            timeout: 240
        )
        #expect(try serve.stop().status == 0)
        try #require(run.status == 0, "\(run)")
        let journey = try JSONDecoder().decode(Journey.self, from: run.stdout)
        #expect(
            journey.pages.map(\.name) == [
                "form", "check-inbox", "confirm", "confirmed", "manage", "topics-saved", "delete-confirm", "deleted",
            ]
        )
        for page in journey.pages {
            #expect(page.violations.isEmpty, "\(page.name): axe found \(page.violations)")
            if case .number(let passed) = journey.seen["\(page.name) rules passed"] {
                #expect(passed >= 3, "\(page.name): axe checked only \(passed) rules")
            } else {
                Issue.record("\(page.name): axe did not run")
            }
            #expect(page.screenshots.count == 3, "desktop, phone and dark")
            let overflow = journey.seen["\(page.name) sideways overflow on a phone"]
            #expect(overflow == .number(0), "\(page.name) scrolls sideways on a phone")
        }
        #expect(journey.seen["axe on an unlabelled field"] == .list(["label"]), "the checker catches what it should")
        #expect(journey.seen["after sign-up"]?.text == "Check your inbox")
        #expect(journey.seen["after confirming"]?.text == "You are subscribed")
        #expect(journey.seen["ticked at first"] == .list(["Child sexual abuse"]))
        #expect(journey.seen["ticked after saving"] == .list(["Information sharing", "Child sexual abuse"]))
        #expect(journey.seen["issue at first"]?.text == "whole", "every reader starts on the whole issue")
        #expect(journey.seen["issue after saving"]?.text == "topics", "chosen by clicking the label")
        #expect(journey.seen["after saving"]?.text == "Saved. Your choice holds from the next issue and alert.")
        #expect(journey.seen["address on the page"] == .flag(false))
        let data = journey.seen["data letter"]?.text ?? ""
        #expect(data.contains("Address: journey@example.com"))
        #expect(data.contains("Consent shown: \"\(JoiningTests.consent)\""))
        #expect(data.contains("Topics: Information sharing; Child sexual abuse"))
        #expect(data.contains("Weekly issue: only the sections of those topics"))
        #expect(journey.seen["after deleting"]?.text == "Your data is deleted")
        #expect(try StateDump.query(workspace.state, "SELECT COUNT(*) FROM reader") == ["0"])
        if let keep = ProcessInfo.processInfo.environment["NEWSLETTER_SCREENSHOTS"] {
            for page in journey.pages {
                for shot in page.screenshots {
                    let target = URL(fileURLWithPath: keep).appendingPathComponent((shot as NSString).lastPathComponent)
                    try? FileManager.default.removeItem(at: target)
                    try FileManager.default.copyItem(atPath: shot, toPath: target.path)
                }
            }
        }
    }
}
