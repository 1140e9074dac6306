import Foundation
import TestSupport

/// A throw-away list for end-to-end tests: config, items, subscribers and templates in a temporary
/// folder, and the real `newsletter` binary to run against it.
final class Workspace: @unchecked Sendable {
    // @unchecked: all stored properties are immutable after init except `smtp`, which a test sets
    // before it runs any command, on its own thread.

    let folder: TemporaryFolder
    var smtp: [String: Any] = [
        "url": "smtp://127.0.0.1:9", "tls": "none", "connections": 2, "timeoutSeconds": 10, "maxAttempts": 2,
    ]
    var extraConfig: [String: Any] = [:]

    /// A workspace with the bundled example's items and templates, and `subscribers` as the list.
    init(exampleItems: Bool = true, subscribers: String? = nil) throws {
        folder = try TemporaryFolder(prefix: "newsletter-e2e")
        let fileManager = FileManager.default
        try fileManager.copyItem(
            at: Repository.root.appendingPathComponent("Templates"),
            to: folder.url.appendingPathComponent("Templates")
        )
        if exampleItems {
            try fileManager.copyItem(
                at: Repository.root.appendingPathComponent("Examples/items"),
                to: folder.url.appendingPathComponent("items")
            )
        } else {
            try fileManager.createDirectory(
                at: folder.url.appendingPathComponent("items"),
                withIntermediateDirectories: true
            )
        }
        let list = try folder.write(subscribers ?? Self.defaultSubscribers, to: "subscribers.csv")
        // As `init` writes it: the readers' addresses are nobody else's to read (`check` warns otherwise).
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: list.path)
        try writeConfig()
    }

    static let defaultSubscribers = """
        email,name,topics
        ada@example.org,Ada Lovelace,
        "grace@example.org","Hopper, Grace",Online safety
        zoe@example.net,Zoë Ärmel,
        """

    /// The URL of the config file.
    var config: URL { folder.url.appendingPathComponent("newsletter.json") }
    /// The state database.
    var state: URL { folder.url.appendingPathComponent("state.sqlite") }

    /// Writes `newsletter.json` from the current settings.
    func writeConfig() throws {
        var config: [String: Any] = [
            "name": "Safeguarding Weekly",
            "from": "Safeguarding Weekly <news@example.org>",
            "replyTo": "editor@example.org",
            "subject": "{{name}} · Issue {{number}} · {{date}}",
            "items": "items",
            "subscribers": "subscribers.csv",
            "state": "state.sqlite",
            "templates": "Templates",
            "topics": ["Information sharing", "Child sexual abuse"],
            "archiveURL": "https://example.org/newsletter/{{number}}.html",
            "unsubscribe": [
                "mailto": "unsubscribe@example.org", "url": "https://example.org/unsubscribe?email={{email}}",
            ],
            "smtp": smtp,
        ]
        for (key, value) in extraConfig { config[key] = value }
        let data = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
        try folder.write(data, to: "newsletter.json")
    }

    /// Writes an item file.
    func addItem(
        _ id: String,
        topic: String,
        title: String,
        date: String,
        summary: String = "A short summary of the item."
    ) throws {
        try folder.write(
            """
            ---
            topic: \(topic)
            title: \(title)
            source: Test Source
            date: \(date)
            links:
              - label: Read the report
                title: \(title)
                url: https://example.org/\(id)
            ---
            \(summary)
            """,
            to: "items/\(id).md"
        )
    }

    /// Runs `newsletter` with `arguments` (and `--config` pointing here) in the workspace folder.
    @discardableResult
    func run(
        _ arguments: String...,
        environment: [String: String] = [:],
        timeout: TimeInterval = 120
    ) throws -> CommandResult {
        try Command.run(
            Self.binary,
            arguments + ["--config", config.path],
            in: folder.url,
            environment: environment,
            timeout: timeout
        )
    }

    /// Starts `newsletter` without waiting for it.
    func start(_ arguments: String..., environment: [String: String] = [:]) throws -> Command.Running {
        try Command.start(Self.binary, arguments + ["--config", config.path], in: folder.url, environment: environment)
    }

    /// The built `newsletter` executable, beside the test bundle.
    static let binary: URL = {
        var candidates: [URL] = []
        let argument0 = URL(fileURLWithPath: CommandLine.arguments[0])
        candidates.append(argument0.deletingLastPathComponent().appendingPathComponent("newsletter"))
        candidates.append(
            argument0.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("newsletter")
        )
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("newsletter"))
        }
        candidates.append(Repository.root.appendingPathComponent(".build/debug/newsletter"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()
}
