import Foundation
import NewsletterCore
import TestSupport
import Testing

@testable import ItemFormat

/// Item files written by intake read back exactly, whatever their titles hold.
@Suite struct ItemFileTests {
    @Test(arguments: [
        "Neglect: learning from case reviews", "Room 101 #3", "\"Quoted\" start", "'Single' start", "@home",
        "*star*", "true", "2024", "Émilie’s “guide” 🛡️", "- dash", "Back\\slash", "plain words",
    ])
    func roundTripsTitles(title: String) throws {
        let folder = try TemporaryFolder(prefix: "itemfile")
        let item = Item(
            id: "x",
            topic: "Topic: \(title)",
            title: title,
            source: title,
            date: Day(year: 2025, month: 1, day: 2),
            links: [Item.Link(label: "Read: \(title)", title: title, url: "https://example.org/a#b")],
            seeAlso: [Item.Reference(title: title, url: "")],
            summary: "Summary.",
            isDraft: true
        )
        try folder.write(ItemFile.text(of: item, notes: ["A note: with a colon."]), to: "x.md")
        let library = try ItemLibrary.load(from: folder.url)
        #expect(library.diagnostics == [])
        #expect(library.drafts.map(\.item) == [item])
    }

    @Test func idsFromDateAndTitle() {
        let day = Day(year: 2024, month: 6, day: 24)
        #expect(
            ItemFile.id(date: day, title: "Children’s homes: Émilie’s report")
                == "2024-06-24-childrens-homes-emilies-report"
        )
        let long = ItemFile.id(date: day, title: String(repeating: "word ", count: 40))
        #expect(long.count <= 11 + 60)
        #expect(!long.hasSuffix("-"))
        #expect(ItemFile.id(date: day, title: "🛡️") == "2024-06-24-item")
    }
}
