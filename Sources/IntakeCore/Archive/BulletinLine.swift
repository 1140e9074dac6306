import Foundation
import TextBasics

/// One line of an archived bulletin, classified.
package struct BulletinLine: Sendable, Equatable {
    /// What a line is.
    package enum Kind: Sendable, Equatable {
        /// Empty or only spaces.
        case blank
        /// Left over from the web page (`image representing news article`, a lone `News`): separates items.
        case noise
        /// `Source: Department for Education`.
        case source(String)
        /// `Date: 24 June 2024` or `Publication date April 2024`: the text after the label.
        case date(String)
        /// `See also on NSPCC Learning`: the lines right after it are related pages' titles.
        case seeAlsoHeader
        /// A related page's title, under a `See also` line.
        case seeAlsoTitle(String)
        /// `Read the report: TITLE`, `Download the briefing`, `> Read our summary of …`.
        case link(label: String, title: String?)
        /// `• text`.
        case bullet(String)
        /// An event's date and time: `Thursday May 16, 2024, 05:00 PM – 06:30 PM BST`.
        case event(String)
        /// Anything else: a heading or a summary paragraph.
        case text(String)
    }

    /// The 1-based line number in the file.
    package var number: Int
    /// What it is.
    package var kind: Kind

    /// Whether this line may be a topic, title or standfirst: short text without a closing full stop.
    package var isHeading: Bool {
        guard case .text(let text) = kind else { return false }
        guard let last = text.last, !".!?:;,".contains(last) else { return false }
        return text.count <= 160 && text.split(separator: " ").count <= 25
    }

    /// Verbs a link line starts with.
    private static let linkVerbs = [
        "read", "download", "find out more", "book", "see", "watch", "listen", "register", "sign up",
        "view", "visit", "explore", "access", "join", "apply", "browse", "order", "take part",
    ]

    /// Classifies the already trimmed, whitespace-collapsed `text`.
    package static func kind(of text: String) -> Kind {
        if text.isEmpty { return .blank }
        let lower = text.lowercased()
        if lower == "news" || lower.hasPrefix("image representing") { return .noise }
        if let value = value(after: ["source:"], in: text) { return .source(value) }
        if let value = value(after: ["date:", "publication date:", "publication date", "published:"], in: text) {
            return .date(value)
        }
        if lower == "see also" || lower.hasPrefix("see also on ") || lower == "see also:" { return .seeAlsoHeader }
        if let first = text.first, "•●▪◦·".contains(first) {
            return .bullet(String(text.dropFirst()).trimmingCharacters(in: .whitespaces))
        }
        if let link = link(in: text) { return link }
        if ArchivedText.isEventTime(text) { return .event(text) }
        return .text(text)
    }

    /// The rest of `text` after one of `labels` (compared without case), or `nil`.
    private static func value(after labels: [String], in text: String) -> String? {
        let lower = text.lowercased()
        for label in labels where lower.hasPrefix(label) {
            let rest = text.dropFirst(label.count)
            guard label.hasSuffix(":") || rest.first == " " else { continue }
            return rest.trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// A link line: a verb first, then `LABEL: TITLE`, or a short phrase without a full stop.
    private static func link(in line: String) -> Kind? {
        var text = Substring(line)
        if text.hasPrefix(">") { text = text.dropFirst().drop(while: { $0 == " " }) }
        let lower = text.lowercased()
        guard
            linkVerbs.contains(where: { verb in
                lower.hasPrefix(verb)
                    && (lower.count == verb.count
                        || " :".contains(lower[lower.index(lower.startIndex, offsetBy: verb.count)]))
            })
        else { return nil }
        if let colon = text.range(of: ":") {
            let label = text[..<colon.lowerBound].trimmingCharacters(in: .whitespaces)
            let title = text[colon.upperBound...].trimmingCharacters(in: .whitespaces)
            if label.split(separator: " ").count <= 8 {
                return .link(label: label, title: title.isEmpty ? nil : title)
            }
        }
        guard text.split(separator: " ").count <= 16, let last = text.last, !".!?".contains(last) else { return nil }
        var phrase = String(text)
        for ending in [" via this link", " via the link", " here", " below"] where phrase.lowercased().hasSuffix(ending)
        {
            phrase = String(phrase.dropLast(ending.count))
        }
        let words = phrase.split(separator: " ", omittingEmptySubsequences: true)
        if words.count > 3, let split = words.indices.dropFirst(2).first(where: { ["of", "on"].contains(words[$0]) }) {
            let label = words[..<split].joined(separator: " ")
            var title = words[(split + 1)...].joined(separator: " ")
            if let first = title.first, first.isLowercase { title = first.uppercased() + title.dropFirst() }
            return .link(label: label, title: title)
        }
        return .link(label: phrase, title: nil)
    }
}
