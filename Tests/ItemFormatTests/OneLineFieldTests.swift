import Foundation
import NewsletterCore
import Testing

@testable import ItemFormat

/// `topic`, `title`, `source` and a link's `label` and `title` take the rest of their line as it stands.
@Suite struct OneLineFieldTests {
    private func parse(_ frontMatter: String, summary: String = "Body text.") -> Result<Item, ItemProblems> {
        ItemParser(displayPath: "items/item.md", id: "item").parse(Data("---\n\(frontMatter)\n---\n\(summary)\n".utf8))
    }

    private func item(_ frontMatter: String) throws -> Item {
        switch parse(frontMatter) {
        case .success(let item): return item
        case .failure(let problems):
            Issue.record("unexpected problems: \(problems.diagnostics.map(\.description))")
            throw problems
        }
    }

    private func title(_ value: String) throws -> String {
        try item("topic: Neglect\ntitle: \(value)\ndate: 2026-03-02").title
    }

    @Test(arguments: [
        ("Neglect: learning from case reviews", "Neglect: learning from case reviews"),
        ("Room 101 #3 of the series", "Room 101 #3 of the series"),
        ("The #1 question: who speaks for the child?", "The #1 question: who speaks for the child?"),
        ("@Home: safer sleep", "@Home: safer sleep"),
        ("*New* guidance", "*New* guidance"),
        ("&anchor and !tag", "&anchor and !tag"),
        ("Children's homes: \"a system under strain\"", "Children's homes: \"a system under strain\""),
        ("“Typographic” quotes stay", "“Typographic” quotes stay"),
        ("‘Self-generated’ imagery", "‘Self-generated’ imagery"),
        ("\"Half-quoted\" and then more", "\"Half-quoted\" and then more"),
        ("'Tis the season: a winter briefing", "'Tis the season: a winter briefing"),
        ("Online safety 🛡️: what parents ask", "Online safety 🛡️: what parents ask"),
        ("- dash first", "- dash first"),
        ("[Brackets] and {braces}", "[Brackets] and {braces}"),
        ("Back\\slash", "Back\\slash"),
        ("Trailing spaces   ", "Trailing spaces"),
        ("yes", "yes"),
        ("2024", "2024"),
    ])
    func takesTheRestOfTheLine(written: String, read: String) throws {
        #expect(try title(written) == read)
    }

    @Test(arguments: [
        ("\"Sharing information: a new framework\"", "Sharing information: a new framework"),
        ("'It''s quoted: single'", "It's quoted: single"),
        ("\"Escapes \\\"inside\\\" work\"", "Escapes \"inside\" work"),
        ("\"Quoted\"   # a comment after it", "Quoted"),
        ("'Single' # comment", "Single"),
    ])
    func readsAWholeQuotedStringAsYAMLAsBefore(written: String, read: String) throws {
        #expect(try title(written) == read)
    }

    @Test func aListAtTheKeysIndentation() throws {
        let item = try item(
            "topic: T\ntitle: A\ndate: 2026-01-01\nlinks:\n- label: Read: now\n  title: B: c #d\n  url: "
                + "https://example.org"
        )
        #expect(item.links == [Item.Link(label: "Read: now", title: "B: c #d", url: "https://example.org")])
    }

    @Test func everyOneLineFieldOfTheFrontMatter() throws {
        let item = try item(
            """
            topic: Online safety: apps
            title: Nudification apps: what schools can do #2
            source: Ofcom #research: "children's media lives"
            date: 2026-10-14
            links:
              - label: Read the report: part one
                title: Children's media lives: year 11 #wave
                url: https://example.org/report#section-2
              - label: Watch #2
                title: "Quoted: still YAML"
                url: https://example.org/watch
            see_also:
              - title: Earlier coverage: the 2025 codes # not a comment
                url: https://example.org/codes
            """
        )
        #expect(item.topic == "Online safety: apps")
        #expect(item.title == "Nudification apps: what schools can do #2")
        #expect(item.source == "Ofcom #research: \"children's media lives\"")
        #expect(
            item.links == [
                Item.Link(
                    label: "Read the report: part one",
                    title: "Children's media lives: year 11 #wave",
                    url: "https://example.org/report#section-2"
                ),
                Item.Link(label: "Watch #2", title: "Quoted: still YAML", url: "https://example.org/watch"),
            ]
        )
        #expect(
            item.seeAlso == [
                Item.Reference(
                    title: "Earlier coverage: the 2025 codes # not a comment",
                    url: "https://example.org/codes"
                )
            ]
        )
    }

    @Test func keepsTheValidationsAndTheirLineNumbers() {
        func problems(_ text: String) -> [String] {
            if case .failure(let found) = parse(text) { return found.diagnostics.map(\.description) }
            return []
        }
        #expect(
            problems("topic: T\ntitle: Bell\u{07}here: x\ndate: 2026-01-01").first?.hasPrefix(
                "items/item.md:3: title: contains"
            ) == true
        )
        #expect(problems("topic: T\ntitle: A: b\ndate: 2026-02-30").first?.hasPrefix("items/item.md:4: date:") == true)
        #expect(
            problems(
                "topic: T\ntitle: A: b\ndate: 2026-01-01\nlinks:\n  - label: Read: it\n    title: X: y\n    url: "
                    + "javascript:alert(1)"
            )
            .first?.hasPrefix("items/item.md:8: links[0].url:") == true
        )
        #expect(
            problems("topic: T\ntitle: A: b\nsumary: x\ndate: 2026-01-01").first?.hasPrefix(
                "items/item.md:4: sumary: unknown field"
            ) == true
        )
        #expect(problems("topic:\ntitle: A: b\ndate: 2026-01-01") == ["items/item.md:2: topic: is empty"])
        #expect(problems("title: A\ndate: 2026-01-01") == ["items/item.md: topic: is required"])
    }

    @Test func aDraftMayLackLinkAddressesAndSaysWhatItNeeds() throws {
        let draft = try item(
            """
            topic: Child sexual abuse
            title: Time to talk: a new paper
            date: 2026-05-30
            draft: true
            links:
              - label: Read the paper
                title: Time to talk: a new paper
            see_also:
              - title: Earlier reading
                url:
            """
        )
        #expect(draft.isDraft)
        #expect(draft.links == [Item.Link(label: "Read the paper", title: "Time to talk: a new paper", url: "")])
        #expect(
            draft.draftNeeds == [
                "links[0].url for “Read the paper: Time to talk: a new paper”",
                "see_also[0].url for “Earlier reading”",
                "a review, then remove the line `draft: true`",
            ]
        )
        let missing = parse("topic: T\ntitle: A\ndate: 2026-01-01\nlinks:\n  - label: Read\n    title: X")
        guard case .failure(let problems) = missing else {
            Issue.record("a non-draft link needs its url")
            return
        }
        #expect(problems.diagnostics.map(\.description) == ["items/item.md: links[0].url: is required"])
        guard case .failure(let flag) = parse("topic: T\ntitle: A\ndate: 2026-01-01\ndraft: maybe") else {
            Issue.record("draft must be a boolean")
            return
        }
        #expect(flag.diagnostics.map(\.description) == ["items/item.md:5: draft: must be true or false"])
    }
}

/// The renderer's private markers (U+E000–U+E0FF) come in through no item field.
@Suite struct RendererMarkerFieldTests {
    @Test(arguments: [
        ("topic: Neg\u{E002}lect\ntitle: T\nsource: S", "topic"),
        ("topic: Neglect\ntitle: A \u{E000}email\u{E001} title\nsource: S", "title"),
        ("topic: Neglect\ntitle: T\nsource: Sou\u{E010}rce", "source"),
        (
            "topic: Neglect\ntitle: T\nlinks:\n  - label: Re\u{E0FF}ad\n    title: T\n    url: https://example.org/r",
            "label"
        ),
    ])
    func aMarkerInAFieldIsNamed(frontMatter: String, field: String) {
        let text = "---\n\(frontMatter)\ndate: 2026-03-02\n---\nBody text.\n"
        switch ItemParser(displayPath: "items/item.md", id: "item").parse(Data(text.utf8)) {
        case .success: Issue.record("a marker in \(field) was accepted")
        case .failure(let problems):
            let messages = problems.diagnostics.map(\.description)
            #expect(
                messages.contains { $0.contains(field) && $0.contains("private-use character U+E0") },
                "\(messages)"
            )
        }
    }
}
