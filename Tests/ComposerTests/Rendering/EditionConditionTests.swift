import Foundation
import MIME
import NewsletterCore
import Settings
import TestSupport
import Testing

@testable import Composer

/// The markers that let one rendering serve every copy: whatever the template's layout, a whole
/// copy is exactly what the template gives without them, and a copy of some sections drops the rest.
@Suite struct EditionConditionTests {
    static let item = """
        {{% CONTENT_TYPE: TEXT}}
        {{title}}

        """

    /// Renders `text` as the text body (with the bundled HTML body and the `item` partial) over two
    /// sections, "Alpha" with one item and "Beta" with two.
    private func render(_ text: String) throws -> RenderedBulletin {
        let folder = try TemporaryFolder()
        let templates = folder.url.appendingPathComponent("Templates")
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("Templates"), to: templates)
        try text.write(to: templates.appendingPathComponent("issue.txt.mustache"), atomically: true, encoding: .utf8)
        try Self.item.write(
            to: templates.appendingPathComponent("item.txt.mustache"),
            atomically: true,
            encoding: .utf8
        )
        var config = try Configuration.load(from: Repository.root.appendingPathComponent("config.example.json").path)
        config.unsubscribe.secret = nil
        config.unsubscribe.url = "https://example.org/unsubscribe?email={{email}}"
        func item(_ id: String, _ topic: String) -> Item {
            Item(id: id, topic: topic, title: "Title \(id)", date: Day(year: 2026, month: 11, day: 1), summary: "S.")
        }
        let bulletin = Bulletin(
            kind: .issue,
            number: 3,
            date: Day(year: 2026, month: 11, day: 20),
            sections: [
                TopicSection(topic: "Alpha", items: [item("a1", "Alpha")]),
                TopicSection(topic: "Beta", items: [item("b1", "Beta"), item("b2", "Beta")]),
            ]
        )
        return BulletinRenderer(configuration: config, templates: try TemplateSet.load(from: templates))
            .render(bulletin)
    }

    private func copy(_ rendered: RenderedBulletin, _ copy: Edition) -> String {
        PersonalizedBody(rendered: rendered.text).selecting(copy).segments.map { segment in
            switch segment {
            case .literal(let text): text
            case .slot(let index): index == RecipientField.personalTopics.rawValue ? "TOPICS" : ""
            case .begin, .end: ""
            }
        }.joined()
    }

    @Test func standaloneSectionTagsLeaveNoLineBehind() throws {
        let rendered = try render(
            """
            {{% CONTENT_TYPE: TEXT}}
            Head
            {{#personal}}
            Only: {{personalTopics}}
            {{/personal}}
            {{^personal}}
            Everything
            {{/personal}}
            Contents
            {{#sections}}
              {{topic}}
            {{/sections}}

            {{#sections}}
            == {{topic}}
            {{#items}}
            {{> item.txt}}
            {{/items}}
            {{/sections}}
            Foot

            """
        )
        #expect(
            rendered.sections == [
                RenderedSection(topic: "Alpha", itemCount: 1), RenderedSection(topic: "Beta", itemCount: 2),
            ]
        )
        #expect(
            copy(rendered, .whole) == """
                Head
                Everything
                Contents
                  Alpha
                  Beta

                == Alpha
                Title a1
                == Beta
                Title b1
                Title b2
                Foot

                """
        )
        #expect(
            copy(rendered, .sections([1])) == """
                Head
                Only: TOPICS
                Contents
                  Beta

                == Beta
                Title b1
                Title b2
                Foot

                """
        )
    }

    @Test func inlineSectionTagsCutMidLine() throws {
        let rendered = try render(
            """
            {{% CONTENT_TYPE: TEXT}}
            Topics: {{#sections}}[{{topic}}]{{/sections}}.{{#personal}} Yours: {{personalTopics}}.{{/personal}}
            Items: {{itemCount}}

            """
        )
        #expect(copy(rendered, .whole) == "Topics: [Alpha][Beta].\nItems: 3\n")
        #expect(copy(rendered, .sections([0])) == "Topics: [Alpha]. Yours: TOPICS.\nItems: \n")
    }

    @Test func aWholeCopyIsTheTemplatesOutputWithoutMarkers() throws {
        // The bundled templates' whole copy has no marker left and no line the markers added.
        let rendered = try render(
            String(contentsOf: Repository.root.appendingPathComponent("Templates/issue.txt.mustache"), encoding: .utf8)
        )
        let whole = copy(rendered, .whole)
        #expect(!whole.unicodeScalars.contains(where: EditionCondition.isMarker))
        #expect(!whole.contains("\n\n\n"))
        #expect(!whole.contains("only your topics"))
        let beta = copy(rendered, .sections([1]))
        #expect(beta.contains("This copy has only your topics: TOPICS."))
        #expect(!beta.contains("Alpha"))
        #expect(!beta.contains("\n\n\n"))
    }
}
