import Foundation
import NewsletterCore
import Testing

@testable import ItemFormat

@Suite struct ItemParserTests {
    private func parse(_ text: String, id: String = "item") -> Result<Item, ItemProblems> {
        ItemParser(displayPath: "items/\(id).md", id: id).parse(Data(text.utf8))
    }

    private func problems(_ text: String, id: String = "item") -> [String] {
        switch parse(text, id: id) {
        case .success: return []
        case .failure(let problems): return problems.diagnostics.map(\.description)
        }
    }

    @Test func readsEveryField() throws {
        let item = try parse(
            """
            ---
            topic: Information sharing
            title: "Sharing information: a new framework"
            source: Department for Education
            date: 2026-11-06
            links:
              - label: Read the report
                title: A new framework
                url: https://example.org/report
            see_also:
              - title: Multi-agency working
                url: https://example.org/multi-agency
            ---
            The department has published a *framework*.

            - one
            - two
            """
        ).get()
        #expect(item.id == "item")
        #expect(item.topic == "Information sharing")
        #expect(item.title == "Sharing information: a new framework")
        #expect(item.source == "Department for Education")
        #expect(item.date == Day(year: 2026, month: 11, day: 6))
        #expect(
            item.links == [
                Item.Link(label: "Read the report", title: "A new framework", url: "https://example.org/report")
            ]
        )
        #expect(
            item.seeAlso == [Item.Reference(title: "Multi-agency working", url: "https://example.org/multi-agency")]
        )
        #expect(item.summary.hasPrefix("The department has published a *framework*."))
        #expect(item.summary.hasSuffix("- two"))
    }

    @Test func acceptsCRLFAndAByteOrderMark() throws {
        let item = try parse("\u{FEFF}---\r\ntopic: T\r\ntitle: A\r\ndate: 2026-01-31\r\n---\r\nBody\r\n").get()
        #expect(item.summary == "Body")
    }

    @Test func reportsEveryMissingRequiredField() {
        let found = problems("---\nsource: Someone\n---\nBody\n")
        #expect(found.contains("items/item.md: topic: is required"))
        #expect(found.contains("items/item.md: title: is required"))
        #expect(found.contains("items/item.md: date: is required"))
    }

    @Test(arguments: ["2026-02-30", "2026-13-01", "26-11-01", "2026-1-1", "yesterday", "2026-11-01T10:00:00"])
    func refusesDatesThatAreNotRealDays(_ date: String) {
        let found = problems("---\ntopic: T\ntitle: A\ndate: \(date)\n---\nBody\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("items/item.md:4: date: ") == true)
    }

    @Test func acceptsLeapDays() throws {
        #expect(try parse("---\ntopic: T\ntitle: A\ndate: 2028-02-29\n---\nBody\n").get().date.day == 29)
        #expect(problems("---\ntopic: T\ntitle: A\ndate: 2026-02-29\n---\nBody\n").count == 1)
    }

    @Test(arguments: [
        "javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,hi", "ftp://example.org/x", "/relative/path",
        "https://", "https://exa mple.org",
    ])
    func refusesURLsOtherThanHTTPAndMailto(_ url: String) {
        let found = problems(
            "---\ntopic: T\ntitle: A\ndate: 2026-01-01\nsee_also:\n  - title: X\n    url: \"\(url)\"\n---\nBody\n"
        )
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.contains("items/item.md:7: see_also[0].url:") == true, "\(found)")
    }

    @Test(arguments: ["mailto:editor@example.org", "http://example.org", "https://example.org/a?b=c&d=e#f"])
    func acceptsHTTPHTTPSAndMailto(_ url: String) throws {
        let item = try parse(
            "---\ntopic: T\ntitle: A\ndate: 2026-01-01\nsee_also:\n  - title: X\n    url: \"\(url)\"\n---\nBody\n"
        ).get()
        #expect(item.seeAlso.first?.url == url)
    }

    @Test(arguments: [("\\r", "a carriage return (CR)"), ("\\n", "a line feed (LF)"), ("\\0", "a NUL byte")])
    func refusesControlCharactersInOneLineFields(escape: String, name: String) {
        let found = problems("---\ntopic: T\ntitle: \"Bad\(escape)Subject: spoofed\"\ndate: 2026-01-01\n---\nBody\n")
        #expect(found == ["items/item.md:3: title: contains \(name); it must be a single line"])
    }

    @Test func refusesInvalidUTF8NamingTheLine() {
        var data = Data("---\ntopic: T\ntitle: A\n".utf8)
        data.append(contentsOf: [0x74, 0x69, 0xFF, 0x0A])
        data.append(Data("date: 2026-01-01\n---\nBody\n".utf8))
        guard case .failure(let problems) = ItemParser(displayPath: "x.md", id: "x").parse(data) else {
            Issue.record("invalid UTF-8 was accepted")
            return
        }
        #expect(problems.diagnostics.map(\.description) == ["x.md:4: is not valid UTF-8; save the file as UTF-8"])
    }

    @Test func reportsUnknownFieldsAndYAMLErrors() {
        #expect(
            problems("---\ntopic: T\ntitle: A\ndate: 2026-01-01\nsumary: x\n---\nBody\n").first?.contains(
                "items/item.md:5: sumary: unknown field"
            ) == true
        )
        let yaml = problems("---\ntopic: T\nlinks: label: lessons\ndate: 2026-01-01\n---\nBody\n")
        #expect(yaml.count == 1)
        #expect(yaml.first?.hasPrefix("items/item.md:3: YAML:") == true, "\(yaml)")
    }

    @Test func refusesAFileWithoutFrontMatterOrSummary() {
        #expect(problems("Just text\n").first?.contains("must start with a '---' line") == true)
        #expect(problems("---\ntopic: T\n").first?.contains("not closed") == true)
        #expect(
            problems("---\ntopic: T\ntitle: A\ndate: 2026-01-01\n---\n\n   \n") == [
                "items/item.md:6: summary: is empty; write the summary after the closing '---'"
            ]
        )
    }

    @Test func refusesIdsThatCannotBeAnchors() {
        #expect(
            problems("---\ntopic: T\ntitle: A\ndate: 2026-01-01\n---\nBody\n", id: "my item").first?.contains(
                "file name"
            ) == true
        )
    }
}
