import Foundation
import NewsletterCore
import TestSupport
import Testing

@testable import IntakeCore

/// The three archived bulletins beside the repository (`../shared/seeds/`), read as they are.
@Suite struct SeedBulletinTests {
    static let names = ["000_84affe4d808ea273.txt", "001_ceff93cec4450d9a.txt", "002_b5e7ee15641e49f7.txt"]

    static func items(_ name: String) throws -> [ArchivedItem] {
        let url = Repository.root.appendingPathComponent("../shared/seeds/\(name)").standardizedFileURL
        return try BulletinParser(displayPath: name).parse(try Data(contentsOf: url)).get()
    }

    @Test func countsOfItemsDuplicatesAndDrafts() throws {
        let perFile = try Self.names.map(Self.items)
        #expect(perFile.map(\.count) == [5, 6, 5])
        var seen = Set<String>()
        var duplicates = 0
        for item in perFile.joined() where !seen.insert(item.matchKey).inserted { duplicates += 1 }
        #expect(duplicates == 2)
        #expect(seen.count == 14)
        // No addresses in the archive: every item is a draft.
        #expect(perFile.joined().filter { $0.item(id: "x").isDraft }.count == 16)
    }

    @Test func titlesDatesAndSources() throws {
        let first = try Self.items(Self.names[0])
        #expect(first[0].topic == "Child criminal exploitation")
        #expect(first[0].title.hasPrefix("Why language matters: how using terms like ‘recruited’"))
        #expect(first[0].source == "NSPCC Learning")
        #expect(first[0].date.iso == "2024-06-24")
        #expect(first[3].title == "Multi-agency working and information sharing: learning from case reviews")
        #expect(first[3].date.iso == "2024-04-01")
        #expect(first[3].source == "NSPCC")
        #expect(first[3].summary.contains("- when they can share information with others"))

        let second = try Self.items(Self.names[1])
        #expect(second[2].source == "Home Office")
        #expect(second[2].date.iso == "2024-05-09")
        #expect(second[4].title == "Free live webinar: Unpacking Complex Trauma")
        #expect(second[4].date.iso == "2024-05-16")
        #expect(second[1].matchKey == first[4].matchKey)
        #expect(second[0].matchKey == first[3].matchKey)

        let third = try Self.items(Self.names[2])
        #expect(third.map(\.date.iso) == ["2023-08-03", "2023-07-24", "2023-07-06", "2023-06-29", "2023-06-21"])
        #expect(third.map(\.source) == ["NSPCC Learning", "NSPCC Learning", "DfE", "DfE", "DfE"])
        #expect(third[1].title == "Child sexual exploitation: learning from case reviews")
        #expect(third[0].seeAlso == ["Protecting children from domestic abuse"])
        #expect(third[0].links.count == 2)
    }
}
