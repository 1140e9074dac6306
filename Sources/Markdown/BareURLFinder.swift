/// Finds bare `http://` and `https://` URLs in text, which CommonMark leaves as text, and makes them links.
///
/// A URL must start the text or follow whitespace, an opening parenthesis, a quote or `*`, `_`, `~`,
/// and have a letter or digit after its `//`. It runs to the next whitespace, `<` or `>`; trailing
/// `?!.,:;*_~'"` and unbalanced `)` are left out, so "See https://x.org/a." links "https://x.org/a".
enum BareURLFinder {
    typealias Inline = MarkdownDocument.Inline

    /// `text` as text and links; `atStart` says whether a URL may begin at its very first character.
    static func inlines(in text: String, atStart: Bool) -> [Inline] {
        let characters = Array(text)
        var inlines: [Inline] = []
        var textStart = 0
        var index = 0
        while index < characters.count {
            guard characters[index] == "h" || characters[index] == "H",
                index > 0 ? "(*_~\"'".contains(characters[index - 1]) || characters[index - 1].isWhitespace : atStart,
                let end = urlEnd(in: characters, from: index)
            else {
                index += 1
                continue
            }
            if textStart < index { inlines.append(.text(String(characters[textStart..<index]))) }
            let url = String(characters[index..<end])
            inlines.append(.link(destination: url, title: nil, content: [.text(url)]))
            textStart = end
            index = end
        }
        if textStart < characters.count { inlines.append(.text(String(characters[textStart...]))) }
        return inlines
    }

    /// The end of the bare URL that starts at `start`, or `nil` when none does.
    private static func urlEnd(in characters: [Character], from start: Int) -> Int? {
        let schemeLength: Int
        if hasPrefix("https://", in: characters, at: start) {
            schemeLength = 8
        } else if hasPrefix("http://", in: characters, at: start) {
            schemeLength = 7
        } else {
            return nil
        }
        let hostStart = start + schemeLength
        guard hostStart < characters.count, characters[hostStart].isLetter || characters[hostStart].isNumber else {
            return nil
        }
        var end = hostStart
        var unbalancedParentheses = 0
        while end < characters.count, !characters[end].isWhitespace, characters[end] != "<", characters[end] != ">" {
            if characters[end] == "(" { unbalancedParentheses -= 1 }
            if characters[end] == ")" { unbalancedParentheses += 1 }
            end += 1
        }
        while end > hostStart {
            let last = characters[end - 1]
            if "?!.,:;*_~'\"".contains(last) {
                end -= 1
            } else if last == ")" && unbalancedParentheses > 0 {
                unbalancedParentheses -= 1
                end -= 1
            } else {
                break
            }
        }
        return end
    }

    /// Whether the characters at `start` spell the lower-case ASCII `prefix`, ignoring case.
    private static func hasPrefix(_ prefix: String, in characters: [Character], at start: Int) -> Bool {
        var index = start
        for expected in prefix {
            guard index < characters.count, characters[index].lowercased() == String(expected) else { return false }
            index += 1
        }
        return true
    }
}
