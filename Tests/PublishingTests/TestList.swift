import Foundation
import Ledger
import Logging
import NewsletterCore
import Publishing
import Settings
import TestSupport
import Testing

/// A throw-away list made from `Fixtures/list` and the repository's templates, and its publisher.
final class TestList: Sendable {
    let folder: TemporaryFolder

    /// A copy of the fixture list in a fresh folder.
    init() throws {
        folder = try TemporaryFolder(prefix: "publishing")
        let fileManager = FileManager.default
        let fixture = Repository.root.appendingPathComponent("Tests/PublishingTests/Fixtures/list")
        for name in try fileManager.contentsOfDirectory(atPath: fixture.path) {
            try fileManager.copyItem(
                at: fixture.appendingPathComponent(name),
                to: folder.url.appendingPathComponent(name)
            )
        }
        try fileManager.copyItem(
            at: Repository.root.appendingPathComponent("Templates"),
            to: folder.url.appendingPathComponent("Templates")
        )
        // As `init` writes it: the readers' addresses are nobody else's to read (`check` warns otherwise).
        try fileManager.setAttributes(
            [.posixPermissions: 0o600],
            ofItemAtPath: folder.url.appendingPathComponent("subscribers.csv").path
        )
    }

    /// Makes the list take sign-ups: signed links under a secret of its own, and a `subscribe`
    /// form at `https://example.org/subscribe` that mails at most `perHour` letters an hour.
    func takeSignUps(perHour: Int = 3) throws {
        let secret = folder.url.appendingPathComponent("secret")
        try folder.write("k7Qv3xTf9LmN2pRs8wYz4bCd6eGh1jKo5uVi0aXq\n", to: "secret")
        chmod(secret.path, 0o600)
        let file = folder.url.appendingPathComponent("newsletter.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        json["unsubscribe"] = [
            "mailto": "unsubscribe@example.org", "url": "https://example.org/unsubscribe", "secretFile": "secret",
        ]
        json["subscribe"] = ["url": "https://example.org/subscribe", "consent": "Yes, please.", "perHour": perHour]
        try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted]).write(to: file)
    }

    /// The state database's file.
    var stateFile: URL { folder.url.appendingPathComponent("state.sqlite") }

    /// The publisher for the list as it is on disk now.
    func publisher() throws -> Publisher {
        let configuration = try Configuration.load(from: folder.path("newsletter.json"))
        var logger = Logger(label: "publishing-tests")
        logger.logLevel = .warning
        return Publisher(configuration: configuration, logger: logger)
    }

    /// The state database, opened for reading.
    func ledger() throws -> Ledger {
        try Ledger.open(at: stateFile)
    }

    /// Writes an item file in the list's own words.
    func addItem(_ id: String, topic: String, title: String, date: String = "2026-11-10") throws {
        try folder.write(
            """
            ---
            topic: \(topic)
            title: \(title)
            date: \(date)
            links:
              - label: Read more
                title: \(title)
                url: https://example.org/\(id)
            ---
            A short note about \(title.lowercased()).
            """,
            to: "items/\(id).md"
        )
    }

    /// The day every test composes on.
    static let day = Day(year: 2026, month: 11, day: 12)
}
