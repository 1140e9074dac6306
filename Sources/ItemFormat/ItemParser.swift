import Foundation
import NewsletterCore
import TextBasics
import Yams

/// Reads one item file: checks its bytes, front matter and every field, and reports every problem.
///
/// The parser never stops at the first problem: `check` shows the user all of them at once. Lines in
/// diagnostics are lines of the file (the front matter starts on line 2).
struct ItemParser {
    /// The file as the user should see it in messages.
    var displayPath: String
    /// The item's id: the file name without `.md`.
    var id: String

    /// The fields an item may have.
    static let fields = ["topic", "title", "source", "date", "links", "see_also", "draft"]

    /// Characters that may appear in an id (it becomes an anchor and a database key).
    private static let idCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")

    /// The item in `data`, or every problem found in it.
    func parse(_ data: Data) -> Result<Item, ItemProblems> {
        var problems: [Diagnostic] = []
        func report(_ line: Int?, _ field: String?, _ message: String) {
            problems.append(Diagnostic(file: displayPath, line: line, field: field, message: message))
        }
        if !id.allSatisfy(Self.idCharacters.contains) || id.hasPrefix(".") {
            report(nil, nil, "the file name '\(id).md' may use only letters, digits, '-', '_' and '.'; rename the file")
        }
        guard var text = String(validating: data, as: UTF8.self) else {
            report(YAMLText.lineOfFirstInvalidUTF8(in: data), nil, "is not valid UTF-8; save the file as UTF-8")
            return .failure(ItemProblems(diagnostics: problems))
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.replacingEvery("\r\n", with: "\n")

        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map({ $0.trimmingASCIIWhitespace() == "---" }) == true else {
            report(1, nil, "must start with a '---' line, then the YAML front matter, then '---' and the summary")
            return .failure(ItemProblems(diagnostics: problems))
        }
        lines.removeFirst()
        guard let end = lines.firstIndex(where: { $0.trimmingASCIIWhitespace() == "---" }) else {
            report(nil, nil, "the front matter is not closed: add a '---' line after it")
            return .failure(ItemProblems(diagnostics: problems))
        }
        let yaml = Self.quotingOneLineFields(lines[..<end])
        let summaryLine = end + 3
        let summary = lines[(end + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)

        let fields = FieldReader(report: { line, field, message in report(line, field, message) })
        let mapping: Node.Mapping
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                report(2, nil, "the front matter is empty; it needs at least topic, title and date")
                return .failure(ItemProblems(diagnostics: problems))
            }
            guard let map = node.mapping else {
                report(2, nil, "the front matter must be 'field: value' lines")
                return .failure(ItemProblems(diagnostics: problems))
            }
            mapping = map
        } catch {
            let (line, message) = Self.describe(error)
            report(
                line.map { $0 + 1 },
                nil,
                "YAML: \(message); quote a value that contains ': ' or starts with a special character"
            )
            return .failure(ItemProblems(diagnostics: problems))
        }

        for key in mapping.keys {
            guard let name = key.scalar?.string, Self.fields.contains(name) else {
                report(
                    key.mark.map { $0.line + 1 },
                    key.scalar?.string,
                    "unknown field; the fields are \(Self.fields.joined(separator: ", "))"
                )
                continue
            }
        }
        let topic = fields.line(mapping, "topic", required: true)
        let title = fields.line(mapping, "title", required: true)
        let source = fields.line(mapping, "source", required: false)
        let dateText = fields.line(mapping, "date", required: true)
        var date: Day?
        if let dateText {
            date = Day(iso: dateText)
            if date == nil {
                report(
                    fields.line(of: mapping, "date"),
                    "date",
                    "'\(dateText)' is not a real date; write YYYY-MM-DD, e.g. 2026-11-20"
                )
            }
        }
        let isDraft = fields.flag(mapping, "draft")
        let optional: Set<String> = isDraft ? ["url"] : []
        let links = fields.list(mapping, "links", keys: ["label", "title", "url"], optional: optional).map {
            Item.Link(label: $0["label"] ?? "", title: $0["title"] ?? "", url: $0["url"] ?? "")
        }
        let seeAlso = fields.list(mapping, "see_also", keys: ["title", "url"], optional: optional).map {
            Item.Reference(title: $0["title"] ?? "", url: $0["url"] ?? "")
        }

        if summary.isEmpty {
            report(summaryLine, "summary", "is empty; write the summary after the closing '---'")
        } else if let scalar = summary.unicodeScalars.first(where: { Self.isForbiddenInSummary($0) }) {
            let offset = summary.unicodeScalars.prefix(while: { $0 != scalar }).filter { $0 == "\n" }.count
            report(summaryLine + offset, "summary", "contains \(scalar.controlName); remove it")
        }

        guard problems.isEmpty, let topic, let title, let date else {
            return .failure(ItemProblems(diagnostics: problems))
        }
        return .success(
            Item(
                id: id,
                topic: topic,
                title: title,
                source: source,
                date: date,
                links: links,
                seeAlso: seeAlso,
                summary: summary,
                isDraft: isDraft
            )
        )
    }

    /// Control characters other than line breaks and tabs, and the private-use characters the renderer reserves.
    private static func isForbiddenInSummary(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return false }
        return scalar.properties.generalCategory == .control || StoredText.isRendererMarker(scalar)
    }

    private static func describe(_ error: Error) -> (line: Int?, message: String) {
        guard let yamlError = error as? YamlError else { return (nil, "\(error)") }
        switch yamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return (mark.line, problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark.line, "the field \(duplicates.joined(separator: ", ")) appears twice")
        default:
            return (nil, "\(yamlError)")
        }
    }

}

/// Every problem found in one item file.
struct ItemProblems: Error {
    var diagnostics: [Diagnostic]
}

/// Reads typed fields out of a YAML mapping, reporting every problem through `report`.
private struct FieldReader {
    var report: (Int?, String?, String) -> Void

    func line(of mapping: Node.Mapping, _ key: String) -> Int? {
        for (k, value) in mapping where k.scalar?.string == key {
            return (value.mark ?? k.mark).map { $0.line + 1 }
        }
        return nil
    }

    /// A one-line text field.
    func line(_ mapping: Node.Mapping, _ key: String, required: Bool, field: String? = nil) -> String? {
        let name = field ?? key
        guard let node = mapping[key], !(node.scalar.map { $0.tag == Tag(.null) } ?? false) else {
            if required { report(nil, name, "is required") }
            return nil
        }
        let lineNumber = node.mark.map { $0.line + 1 }
        guard let scalar = node.scalar else {
            report(lineNumber, name, "must be a single line of text, not a list or a mapping")
            return nil
        }
        let value = scalar.string.trimmingCharacters(in: .whitespaces)
        if let control = WebAddress.controlCharacter(in: value) {
            report(lineNumber, name, "contains \(control.controlName); it must be a single line")
            return nil
        }
        if let marker = value.unicodeScalars.first(where: StoredText.isRendererMarker) {
            report(
                lineNumber,
                name,
                "contains the private-use character \(marker.codePoint), which the renderer "
                    + "reserves; remove it"
            )
            return nil
        }
        if value.isEmpty {
            if required { report(lineNumber, name, "is empty") }
            return nil
        }
        if key == "url", let problem = WebAddress.problem(with: value) {
            report(lineNumber, name, problem)
            return nil
        }
        return value
    }

    /// `draft: true` or `draft: false`; absent means false.
    func flag(_ mapping: Node.Mapping, _ key: String) -> Bool {
        guard let node = mapping[key], !(node.scalar.map { $0.tag == Tag(.null) } ?? false) else { return false }
        switch node.scalar?.string.lowercased() {
        case "true": return true
        case "false": return false
        default:
            report(node.mark.map { $0.line + 1 }, key, "must be true or false")
            return false
        }
    }

    /// A list of mappings with exactly the given keys, all required except those in `optional`.
    func list(_ mapping: Node.Mapping, _ key: String, keys: [String], optional: Set<String> = []) -> [[String: String]]
    {
        guard let node = mapping[key], !(node.scalar.map { $0.tag == Tag(.null) } ?? false) else { return [] }
        guard let sequence = node.sequence else {
            report(node.mark.map { $0.line + 1 }, key, "must be a list of entries with \(keys.joined(separator: ", "))")
            return []
        }
        var entries: [[String: String]] = []
        for (index, element) in sequence.enumerated() {
            let field = "\(key)[\(index)]"
            guard let entry = element.mapping else {
                report(element.mark.map { $0.line + 1 }, field, "must have \(keys.joined(separator: ", "))")
                continue
            }
            for unknown in entry.keys where !keys.contains(unknown.scalar?.string ?? "") {
                report(
                    unknown.mark.map { $0.line + 1 },
                    "\(field).\(unknown.scalar?.string ?? "?")",
                    "unknown field; use \(keys.joined(separator: ", "))"
                )
            }
            var values: [String: String] = [:]
            for name in keys {
                let required = !optional.contains(name)
                if let value = line(entry, name, required: required, field: "\(field).\(name)") {
                    values[name] = value
                } else if !required {
                    values[name] = ""
                }
            }
            if values.count == keys.count { entries.append(values) }
        }
        return entries
    }
}

extension Item {
    /// Every problem that the items folder would report for an item file with this text; empty when it is fine.
    ///
    /// - Parameters:
    ///   - id: the item's id (its file name without `.md`).
    ///   - displayPath: the file as problems name it.
    package static func problems(inFileText data: Data, id: String, displayPath: String) -> [Diagnostic] {
        switch ItemParser(displayPath: displayPath, id: id).parse(data) {
        case .success: []
        case .failure(let problems): problems.diagnostics
        }
    }
}
