import Foundation
import NewsletterCore
import TestSupport
import Testing

@testable import Composer

/// Template mistakes are caught when the templates load, naming the template and line.
@Suite struct TemplateSetTests {
    /// A copy of the bundled templates with `name` replaced by `text` (or removed when `nil`).
    private func load(_ name: String, _ text: String?) throws -> NewsletterError? {
        let folder = try TemporaryFolder()
        let templates = folder.url.appendingPathComponent("Templates")
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("Templates"), to: templates)
        let file = templates.appendingPathComponent(name)
        if let text {
            try text.write(to: file, atomically: true, encoding: .utf8)
        } else {
            try FileManager.default.removeItem(at: file)
        }
        do {
            _ = try TemplateSet.load(from: templates)
            return nil
        } catch { return error }
    }

    @Test func theBundledTemplatesLoad() throws {
        _ = try TemplateSet.load(from: Repository.root.appendingPathComponent("Templates"))
    }

    @Test func anUnknownVariableNamesTheTemplateAndLine() throws {
        let error = try #require(try load("item.txt.mustache", "{{% CONTENT_TYPE: TEXT}}\n{{title}}\n{{sumary}}\n"))
        #expect(error.code == .badData)
        #expect(error.description.contains("item.txt.mustache:3: unknown variable 'sumary'"))
    }

    @Test func aMissingPartialIsReported() throws {
        let error = try #require(try load("item.html.mustache", nil))
        #expect(error.description.contains("the partial 'item.html' does not exist"))
    }

    @Test func aMissingBodyTemplateIsMissingInput() throws {
        let error = try #require(try load("issue.txt.mustache", nil))
        #expect(error.code == .missingInput)
    }

    @Test func aTextTemplateMustTurnOffHTMLEscaping() throws {
        let error = try #require(try load("item.txt.mustache", "{{title}}\n"))
        #expect(error.description.contains("must start with {{% CONTENT_TYPE: TEXT}}"))
    }

    @Test func onlyTheSummaryMayBeUnescapedInHTML() throws {
        let error = try #require(try load("item.html.mustache", "<p>{{{title}}}</p>{{{summary}}}"))
        #expect(error.description.contains("'title' must be escaped in HTML"))
    }

    @Test func aSyntaxErrorNamesTheLine() throws {
        let error = try #require(try load("item.html.mustache", "<p>\n{{#links}}\n{{title}}\n"))
        #expect(error.code == .badData)
        #expect(error.description.contains("item.html.mustache"))
    }
}
