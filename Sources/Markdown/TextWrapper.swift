/// Greedy word wrapping for plain-text e-mail bodies.
///
/// Widths count Unicode grapheme clusters, so `é`, `’` and `👩‍👩‍👧` are one column each
/// (East Asian wide characters count as one column too). Lines break only at spaces and tabs,
/// never inside a word: a word wider than the line, such as a long URL, gets a line of its own.
package enum TextWrapper {
    /// Wraps `text` greedily so that no line is wider than `width`, unless it is a single word.
    ///
    /// Line breaks already in `text` (`\n`, `\r\n`, U+2028…) are kept as hard breaks. Runs of
    /// spaces and tabs between words become one space, and leading spaces of each hard line are
    /// dropped. The first line starts with `firstIndent`, every other line (including those after
    /// a hard break) with `indent`; both count towards `width`. No line ends with whitespace,
    /// and the result has no trailing line break unless `text` has one. A `width` of zero or
    /// less puts every word on its own line.
    ///
    /// - Parameters:
    ///   - text: The text to wrap.
    ///   - width: The widest a line may be, in grapheme clusters.
    ///   - firstIndent: The prefix of the first line.
    ///   - indent: The prefix of every later line.
    /// - Returns: The wrapped lines, joined by `\n`.
    package static func wrap(_ text: String, width: Int, firstIndent: String = "", indent: String = "") -> String {
        let indentWidth = displayWidth(indent)
        var lines: [String] = []
        var line = firstIndent
        var lineWidth = displayWidth(firstIndent)
        for (number, hardLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated()
        {
            if number > 0 {
                lines.append(trimmingTrailingWhitespace(line))
                line = indent
                lineWidth = indentWidth
            }
            var lineHasWord = false
            for word in hardLine.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                let wordWidth = displayWidth(word)
                if !lineHasWord {
                    line += word
                    lineWidth += wordWidth
                    lineHasWord = true
                } else if lineWidth + 1 + wordWidth <= width {
                    line += " "
                    line += word
                    lineWidth += 1 + wordWidth
                } else {
                    lines.append(trimmingTrailingWhitespace(line))
                    line = indent + word
                    lineWidth = indentWidth + wordWidth
                }
            }
        }
        lines.append(trimmingTrailingWhitespace(line))
        return lines.joined(separator: "\n")
    }

    /// The width of `text` on a terminal or in a plain-text mail client, in columns.
    ///
    /// Counts grapheme clusters: a letter with combining accents, an emoji with modifiers or a
    /// flag is one column. Line breaks count like any other character, so pass a single line.
    package static func displayWidth(_ text: some StringProtocol) -> Int {
        text.count
    }

    /// `line` without trailing spaces, tabs or other non-breaking whitespace.
    static func trimmingTrailingWhitespace(_ line: String) -> String {
        var line = line
        while let last = line.last, last.isWhitespace, !last.isNewline { line.removeLast() }
        return line
    }
}
