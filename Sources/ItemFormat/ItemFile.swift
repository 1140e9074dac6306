import Foundation
import NewsletterCore
import TextBasics

/// Writes items as item files (YAML front matter, then the Markdown summary) and makes their ids.
package enum ItemFile {
    /// The text of `item`'s file: every value quoted so that both YAML and the one-line field rule
    /// read it back exactly. `notes` become YAML comments above the closing `---`.
    package static func text(of item: Item, notes: [String] = []) -> String {
        var lines = ["---"]
        lines.append("topic: \(value(item.topic))")
        lines.append("title: \(value(item.title))")
        if let source = item.source { lines.append("source: \(value(source))") }
        lines.append("date: \(item.date.iso)")
        if item.isDraft { lines.append("draft: true") }
        if !item.links.isEmpty {
            lines.append("links:")
            for link in item.links {
                lines.append("  - label: \(value(link.label))")
                lines.append("    title: \(value(link.title))")
                lines.append("    url:\(link.url.isEmpty ? "" : " " + address(link.url))")
            }
        }
        if !item.seeAlso.isEmpty {
            lines.append("see_also:")
            for reference in item.seeAlso {
                lines.append("  - title: \(value(reference.title))")
                lines.append("    url:\(reference.url.isEmpty ? "" : " " + address(reference.url))")
            }
        }
        for note in notes { lines.append("# \(note.collapsingWhitespace())") }
        lines.append("---")
        return lines.joined(separator: "\n") + "\n" + item.summary + "\n"
    }

    /// `text` as it stands when YAML reads it so, else as a double-quoted YAML string.
    package static func value(_ text: String) -> String {
        let plainSafe = text.unicodeScalars.allSatisfy { scalar in
            scalar.value >= 0x20 && scalar.value != 0x7F && !"\"'\\#:{}[],&*!|>%@`".unicodeScalars.contains(scalar)
        }
        let edgesSafe =
            text.first.map { !$0.isWhitespace && !"-?".contains($0) } ?? false
            && !(text.last?.isWhitespace ?? true)
        let reserved = ["true", "false", "yes", "no", "on", "off", "null", "~"].contains(text.lowercased())
        if plainSafe, edgesSafe, !reserved, Double(text) == nil { return text }
        return YAMLText.doubleQuoted(text)
    }

    /// A URL as it stands when it has no spaces or quotes and starts with a letter, else double-quoted.
    package static func address(_ url: String) -> String {
        let plain =
            url.first?.isLetter == true
            && url.unicodeScalars.allSatisfy {
                $0.value > 0x20 && $0.value != 0x7F && !"\"'\\{}[],".unicodeScalars.contains($0)
            }
        return plain ? url : value(url)
    }

    /// An id from a date and a title: `2024-06-24-why-language-matters-how-using-terms`.
    ///
    /// Lowercase ASCII letters and digits joined by `-`, at most about 60 characters of the title.
    package static func id(date: Day, title: String) -> String {
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var words: [String] = []
        var word = ""
        for character in folded.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                word.append(character)
            } else if character == "’" || character == "'" {
                continue
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        var slug = ""
        for word in words {
            let next = slug.isEmpty ? word : slug + "-" + word
            if next.count > 60, !slug.isEmpty { break }
            slug = String(next.prefix(60))
        }
        return slug.isEmpty ? "\(date.iso)-item" : "\(date.iso)-\(slug)"
    }
}
