/// A parsed Markdown summary: a small, predictable, CommonMark-like subset.
///
/// Supported blocks are paragraphs, bullet lists (`-`, `*`, `+`), ordered lists (`1.`, `1)`),
/// block quotes (`>`) and ATX headings (`#` to `######`). Supported inlines are emphasis
/// (`*em*`, `_em_`), strong emphasis (`**strong**`, `__strong__`), code spans, links
/// (`[text](url "title")`), autolinks (`<https://…>`, `<name@example.org>`), bare `http(s)://` URLs,
/// backslash escapes and hard line breaks (two trailing spaces or a trailing backslash).
///
/// Raw HTML is not supported: it stays text, and every renderer escapes it. Only `http`, `https`
/// and `mailto` destinations become links; any other link renders as its text alone.
/// Parsing never traps: any string, however malformed, gives a document.
package struct MarkdownDocument: Sendable, Equatable {
    /// The top-level blocks, in source order.
    package var blocks: [Block]

    /// Parses `source` as Markdown.
    ///
    /// Line endings may be LF, CRLF or CR. NUL becomes U+FFFD; other control characters
    /// (except tab and line breaks) are dropped. Tabs in the indentation count to the next
    /// multiple of four columns; elsewhere a tab is a space.
    package init(parsing source: String) {
        let lines = Self.lines(of: source)
        blocks = MarkdownBlockParser.parse(lines, depth: 0)
    }

    /// Makes a document from blocks built by hand.
    ///
    /// The renderers treat such blocks as untrusted too: text is escaped and unsafe link
    /// destinations are dropped.
    package init(blocks: [Block]) {
        self.blocks = blocks
    }
}

extension MarkdownDocument {
    /// The lines of `source` after line-ending, control-character and tab normalisation.
    static func lines(of source: String) -> [String] {
        var normalized = String.UnicodeScalarView()
        var previousWasCarriageReturn = false
        for scalar in source.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar.value {
            case 0x0D:
                normalized.append("\n")
            case 0x0A:
                if !previousWasCarriageReturn { normalized.append("\n") }
            case 0x2028, 0x2029:
                normalized.append("\n")
            case 0x00:
                normalized.append("\u{FFFD}")
            case 0x09:
                normalized.append(scalar)
            case 0x01...0x1F, 0x7F...0x9F:
                continue
            case 0xFEFF where normalized.isEmpty:
                continue
            default:
                normalized.append(scalar)
            }
        }
        return String(normalized)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map(expandingTabs)
    }

    /// `line` with leading tabs expanded to four-column tab stops and other tabs made spaces.
    private static func expandingTabs(_ line: Substring) -> String {
        guard line.contains("\t") else { return String(line) }
        var result = ""
        var column = 0
        var inIndentation = true
        for character in line {
            if inIndentation && character == " " {
                result.append(" ")
                column += 1
            } else if inIndentation && character == "\t" {
                let next = (column / 4 + 1) * 4
                result.append(String(repeating: " ", count: next - column))
                column = next
            } else {
                inIndentation = false
                result.append(character == "\t" ? " " : character)
            }
        }
        return result
    }
}
