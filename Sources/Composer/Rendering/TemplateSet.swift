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
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            try check(source.text, named: name, path: source.path, partials: Set(sources.keys))
            do {
                library.register(try MustacheTemplate(string: source.text), named: name)
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
        return TemplateSet(library: library, folder: folder, names: Set(sources.keys))
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
