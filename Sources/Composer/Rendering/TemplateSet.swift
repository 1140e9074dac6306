import Foundation
import Mustache
import NewsletterCore
import TextBasics

/// The Mustache templates of the text and HTML bodies, loaded and checked.
///
/// The folder holds `issue.txt.mustache` and `issue.html.mustache` (the bodies) and any partials
/// they include (`{{> item.txt}}` is `item.txt.mustache`). Loading checks what swift-mustache does
/// not: every variable is one the renderer provides, every partial exists, text templates turn off
/// HTML escaping, and only pre-rendered safe HTML is inserted unescaped. A mistake is an error that
/// names the template and line, never an empty hole in a sent email.
package struct TemplateSet: Sendable {
    /// The template of the text body.
    package static let textBody = "issue.txt"
    /// The template of the HTML body.
    package static let htmlBody = "issue.html"

    /// The parsed templates, for partials.
    let library: MustacheLibrary
    /// The folder they came from.
    package let folder: URL
    /// The templates' names, without `.mustache`.
    let names: Set<String>
    /// The templates with a `{{#personal}}` block: the line that tells a reader of only their
    /// topics so (`check` warns when the bodies have none).
    let sayPersonalLine: Set<String>

    /// Whether both bodies, or a partial they may include, tell a reader of only their topics so.
    package var tellsReadersOfTheirTopics: Bool { !sayPersonalLine.isEmpty }

    /// Loads and checks every `*.mustache` file in `folder`.
    package static func load(from folder: URL) throws(NewsletterError) -> TemplateSet {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
            throw NewsletterError(
                .missingInput,
                "cannot list the templates folder: \(error.localizedDescription)",
                context: folder.path
            )
        }
        var sources: [String: (text: String, path: String)] = [:]
        for file in names.sorted() where file.hasSuffix(".mustache") {
            let path = folder.appendingPathComponent(file).path
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else {
                throw NewsletterError(.badData, "cannot be read as UTF-8 text", context: path)
            }
            sources[String(file.dropLast(".mustache".count))] = (text, path)
        }
        for required in [textBody, htmlBody] where sources[required] == nil {
            throw NewsletterError(
                .missingInput,
                "the template \(required).mustache is missing; copy it from the project's Templates folder",
                context: folder.path
            )
        }
        var library = MustacheLibrary()
        var personalLine: Set<String> = []
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            try check(source.text, named: name, path: source.path, partials: Set(sources.keys))
            let tags = MustacheTag.scan(source.text)
            if tags.contains(where: { $0.kind == .section && $0.name == "personal" }) { personalLine.insert(name) }
            let text = name.hasPrefix("letter-") ? source.text : markingEditionConditions(source.text, tags: tags)
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw NewsletterError(
                    .badData,
                    "template syntax: \(error.error) near “\(error.context.line.trimmingCharacters(in: .whitespaces))”",
                    context: "\(source.path):\(error.context.lineNumber)"
                )
            } catch {
                throw NewsletterError(.badData, "template syntax: \(error)", context: source.path)
            }
        }
        return TemplateSet(
            library: library,
            folder: folder,
            names: Set(sources.keys),
            sayPersonalLine: personalLine
        )
    }

    /// Names of the variables through which the renderer puts ``EditionCondition`` markers into a body;
    /// only ``markingEditionConditions(_:tags:)`` writes them, never a template.
    enum MarkerVariable {
        /// In each topic section: the marker that opens it.
        static let sectionBegin = "_newsletterSectionBegin"
        /// After the sections: the marker that closes one (empty when the mailing marks none).
        static let sectionEnd = "_newsletterSectionEnd"
        /// The markers of `{{#personal}}` and `{{^personal}}` and the end of either.
        static let personalBegin = "_newsletterPersonalBegin"
        static let wholeBegin = "_newsletterWholeBegin"
        static let end = "_newsletterEnd"
    }

    /// `template` with each topic section's output and each `{{#personal}}`/`{{^personal}}` block
    /// enclosed in ``EditionCondition`` markers, through the ``MarkerVariable`` variables.
    ///
    /// A begin marker goes right after the opening tag and the end marker right before the closing
    /// one. A tag that stood alone on its line (which Mustache drops with its line) then leaves a line
    /// of nothing but markers, which the renderer folds into the next line; so a whole copy is the
    /// very bytes the template gave before markers. `{{^personal}}` becomes `{{#personal}}` marked
    /// for whole copies only: the mailing is rendered once, with both kinds of copy in it.
    static func markingEditionConditions(_ template: String, tags: [MustacheTag]) -> String {
        var output = ""
        var copied = template.startIndex
        var open: [(name: String, marked: Bool)] = []
        for tag in tags {
            var replacement: String?
            switch (tag.kind, tag.name) {
            case (.section, "sections"):
                replacement = "{{#sections}}{{\(MarkerVariable.sectionBegin)}}"
                open.append((tag.name, true))
            case (.section, "personal"):
                replacement = "{{#personal}}{{\(MarkerVariable.personalBegin)}}"
                open.append((tag.name, true))
            case (.invertedSection, "personal"):
                replacement = "{{#personal}}{{\(MarkerVariable.wholeBegin)}}"
                open.append((tag.name, true))
            case (.section, _), (.invertedSection, _):
                open.append((tag.name, false))
            case (.closeSection, _):
                guard let last = open.popLast() else { continue }
                if last.marked {
                    let end = last.name == "sections" ? MarkerVariable.sectionEnd : MarkerVariable.end
                    replacement = "{{\(end)}}{{/\(last.name)}}"
                }
            default:
                continue
            }
            guard let replacement else { continue }
            output += template[copied..<tag.range.lowerBound]
            output += replacement
            copied = tag.range.upperBound
        }
        output += template[copied...]
        return output
    }

    /// Checks names, partials, escaping and the text pragma of one template.
    private static func check(
        _ text: String,
        named name: String,
        path: String,
        partials: Set<String>
    ) throws(NewsletterError) {
        let isText = name.hasSuffix(".txt")
        if isText, !text.hasPrefix("{{% CONTENT_TYPE: TEXT}}") && !text.hasPrefix("{{%CONTENT_TYPE:TEXT}}") {
            throw NewsletterError(
                .badData,
                "a text template must start with {{% CONTENT_TYPE: TEXT}}, or its text gets HTML-escaped",
                context: "\(path):1"
            )
        }
        // A reader's letter (`letter-confirmation.txt`) has a vocabulary of its own.
        let vocabulary = name.hasPrefix("letter-") ? ReaderLetterFactory.vocabulary : BulletinModel.vocabulary
        for tag in MustacheTag.scan(text) {
            let place = "\(path):\(tag.line)"
            switch tag.kind {
            case .variable, .section, .invertedSection:
                guard vocabulary.contains(tag.head) else {
                    throw NewsletterError(
                        .badData,
                        "unknown variable '\(tag.name)'; known: "
                            + "\(vocabulary.sorted().joined(separator: ", "))",
                        context: place
                    )
                }
            case .unescapedVariable:
                guard vocabulary.contains(tag.head) else {
                    throw NewsletterError(.badData, "unknown variable '\(tag.name)'", context: place)
                }
                if !isText && !BulletinModel.safeHTML.contains(tag.name) {
                    throw NewsletterError(
                        .badData,
                        "'\(tag.name)' must be escaped in HTML: write {{\(tag.name)}}; only "
                            + "\(BulletinModel.safeHTML.sorted().joined(separator: ", ")) may be inserted unescaped",
                        context: place
                    )
                }
            case .partial:
                guard partials.contains(tag.name) else {
                    throw NewsletterError(
                        .badData,
                        "the partial '\(tag.name)' does not exist; add \(tag.name).mustache to the templates folder",
                        context: place
                    )
                }
            case .other:
                throw NewsletterError(
                    .badData,
                    "set-delimiter, block and inheritance tags are not supported",
                    context: place
                )
            case .closeSection, .comment, .pragma:
                continue
            }
        }
    }

    /// Whether the folder has the template `name` (`letter-data.txt`).
    func has(_ name: String) -> Bool { names.contains(name) }

    /// Renders the template `name` with `model`.
    func render(_ name: String, _ model: [String: Any]) -> String {
        library.render(model, withTemplate: name) ?? ""
    }
}
