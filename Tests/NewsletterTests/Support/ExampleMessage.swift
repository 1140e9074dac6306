import Composer
import Foundation
import ItemFormat
import NewsletterCore
import Settings
import TestSupport

/// The bundled example's issue 7 for its first reader, composed as `send` composes each copy, on a fixed
/// day, so that the bytes depend only on the code, the templates and the example's items.
///
/// The example signs its links now; this message keeps the unsigned link the old message carried
/// (`Fixtures/example-before.eml`) and no link to a reader's page, so that the two compare by their
/// layout alone.
enum ExampleMessage {
    /// The example list's first subscriber.
    static let reader = Reader(email: "priya.raman@example.org", name: "Priya Raman")

    /// The whole message, CRLF throughout.
    static func bytes() throws -> [UInt8] {
        var config = try Configuration.load(from: Repository.root.appendingPathComponent("config.example.json").path)
        config.unsubscribe.url = "https://example.org/unsubscribe?email={{email}}"
        config.unsubscribe.secret = nil
        // The old message had no reader's page either (the example takes sign-ups now).
        config.subscribe = nil
        let items = try ItemLibrary.load(from: config.itemsFolder).validItems()
        let sections = Selection(topicOrder: config.topics).nextIssue(from: items, carried: [])
        let bulletin = Bulletin(kind: .issue, number: 7, date: Day(year: 2026, month: 11, day: 20), sections: sections)
        let renderer = BulletinRenderer(
            configuration: config,
            templates: try TemplateSet.load(from: config.templatesFolder)
        )
        let factory = try MessageFactory(
            configuration: config,
            kind: .issue,
            number: 7,
            rendered: renderer.render(bulletin),
            date: Date(timeIntervalSince1970: 1_795_000_000)
        )
        return try factory.message(for: reader)
    }

    /// The same message as the code before the lean templates made it (`Fixtures/example-before.eml`).
    static func before() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixture("example-before.eml")))
    }

    /// A file of `Tests/NewsletterTests/Fixtures`.
    static func fixture(_ name: String) -> URL {
        Repository.root.appendingPathComponent("Tests/NewsletterTests/Fixtures").appendingPathComponent(name)
    }
}
