import NewsletterCore

extension ItemParser {
    /// The top-level fields whose value is the rest of the line.
    static let oneLineFields: Set<String> = ["topic", "title", "source"]
    /// The fields of a `links` or `see_also` entry whose value is the rest of the line.
    static let oneLineEntryFields: Set<String> = ["label", "title"]
    /// The lists whose entries have one-line fields.
    static let listsWithOneLineFields: Set<String> = ["links", "see_also"]

    /// The front matter with every one-line field rewritten as a YAML double-quoted string.
    ///
    /// `topic`, `title`, `source` and a list entry's `label` and `title` take the rest of their line
    /// as it stands (`: `, ` #`, quotes, a leading `@` or `*` included). A value that is already one
    /// whole ASCII-quoted YAML string (optionally followed by a comment) is left for YAML to read.
    /// Each line stays on its own line, so YAML's line numbers are the file's.
    static func quotingOneLineFields<Lines: Sequence>(_ lines: Lines) -> String where Lines.Element == Substring {
        var list: String?
        var output: [String] = []
        for line in lines {
            let indented = line.first == " " || line.first == "\t"
            if !indented, let key = Self.key(of: line[...]) {
                list = listsWithOneLineFields.contains(key.name) ? key.name : nil
                if oneLineFields.contains(key.name) {
                    output.append(rewritten(line, valueStart: key.valueStart))
                    continue
                }
            } else if list != nil, indented || line.hasPrefix("- ") || line.hasPrefix("-\t") {
                var rest = line.drop(while: { $0 == " " || $0 == "\t" })
                if rest.first == "-" {
                    rest = rest.dropFirst()
                    guard rest.first == " " || rest.first == "\t" else {
                        output.append(String(line))
                        continue
                    }
                    rest = rest.drop(while: { $0 == " " || $0 == "\t" })
                }
                if let key = Self.key(of: rest), oneLineEntryFields.contains(key.name) {
                    output.append(rewritten(line, valueStart: key.valueStart))
                    continue
                }
            } else if !indented, !line.isEmpty, line.first != "#" {
                list = nil
            }
            output.append(String(line))
        }
        return output.joined(separator: "\n")
    }

    /// The key of a `key: value` line and where its value starts, or `nil` when the line is not one.
    private static func key(of text: Substring) -> (name: String, valueStart: Substring.Index)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let name = text[..<colon]
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            return nil
        }
        let after = text.index(after: colon)
        guard after == text.endIndex || text[after] == " " || text[after] == "\t" else { return nil }
        return (String(name), after)
    }

    /// `line` with the value from `valueStart` on as a double-quoted YAML string, unless it is empty
    /// or already one whole quoted string.
    private static func rewritten(_ line: Substring, valueStart: Substring.Index) -> String {
        let value = line[valueStart...].trimmingCharacters(in: [" ", "\t"])
        guard !value.isEmpty, !isWholeQuotedString(value[...]) else { return String(line) }
        return String(line[..<valueStart]) + " " + YAMLText.doubleQuoted(value)
    }

    /// Whether `value` is one YAML single- or double-quoted string, optionally followed by a ` #` comment.
    static func isWholeQuotedString(_ value: Substring) -> Bool {
        guard let quote = value.first, quote == "\"" || quote == "'" else { return false }
        var index = value.index(after: value.startIndex)
        var closed: Substring.Index?
        while index < value.endIndex {
            let character = value[index]
            if quote == "\"", character == "\\" {
                index = value.index(after: index)
                if index < value.endIndex { index = value.index(after: index) }
                continue
            }
            if character == quote {
                let next = value.index(after: index)
                if quote == "'", next < value.endIndex, value[next] == "'" {
                    index = value.index(after: next)
                    continue
                }
                closed = next
                break
            }
            index = value.index(after: index)
        }
        guard let closed else { return false }
        let rest = value[closed...]
        if rest.isEmpty { return true }
        guard rest.first == " " || rest.first == "\t" else { return false }
        return rest.drop(while: { $0 == " " || $0 == "\t" }).first == "#"
    }
}
