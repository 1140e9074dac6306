extension MarkdownDocument {
    /// Renders the document as plain text for the `text/plain` part of an e-mail.
    ///
    /// Paragraphs are wrapped at `width` with ``TextWrapper`` and separated by one blank line.
    /// Emphasis, strong and code markers are dropped; headings are plain lines. Bullet items
    /// read `  • text`, ordered items `  1. text`, with wrapped lines aligned under the text.
    /// Block quote lines start with `> `. A link reads `text (url)`, or just the URL when the
    /// text is the URL (`mailto:` is shown without its scheme); a link with another scheme is
    /// its text alone. Only a single word wider than the line (a long URL) exceeds `width`.
    /// No line has trailing whitespace, and the result has no trailing line break. A `width`
    /// of zero or less puts every word on its own line.
    ///
    /// - Parameter width: The widest a line may be, in grapheme clusters.
    /// - Returns: The text, lines separated by `\n`; empty for an empty document.
    package func plainText(width: Int = 72) -> String {
        // Clamped so that the narrower widths of nested blocks cannot overflow.
        let width = min(max(width, 0), Int(Int32.max))
        var text = Self.plainText(of: blocks, width: width, inListItem: false)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }

    /// `blocks` separated by blank lines; in a list item, a nested list follows without one.
    private static func plainText(of blocks: [Block], width: Int, inListItem: Bool) -> String {
        var output = ""
        for (position, block) in blocks.enumerated() {
            if position > 0 {
                let isList: (Block) -> Bool = { block in
                    switch block {
                    case .bulletList, .orderedList: true
                    default: false
                    }
                }
                let tight = inListItem && (isList(block) || isList(blocks[position - 1]))
                output += tight ? "\n" : "\n\n"
            }
            output += plainText(of: block, width: width)
        }
        return output
    }

    /// One block, no line wider than `width` unless it is a single word.
    private static func plainText(of block: Block, width: Int) -> String {
        switch block {
        case .paragraph(let content), .heading(_, let content):
            return TextWrapper.wrap(plainText(of: content, insideLink: false), width: width)
        case .bulletList(let items):
            return items.map { item in
                prefixing(plainText(of: item, width: width - 4, inListItem: true), first: "  • ", rest: "    ")
            }.joined(separator: "\n")
        case .orderedList(let start, let items):
            return items.enumerated().map { offset, item in
                let marker = "  \(start &+ offset). "
                let markerWidth = TextWrapper.displayWidth(marker)
                let body = plainText(of: item, width: width - markerWidth, inListItem: true)
                return prefixing(body, first: marker, rest: String(repeating: " ", count: markerWidth))
            }.joined(separator: "\n")
        case .blockQuote(let blocks):
            return prefixing(plainText(of: blocks, width: width - 2, inListItem: false), first: "> ", rest: "> ")
        }
    }

    /// The text of `inlines`: markers dropped, links as `text (url)`, hard breaks as `\n`.
    private static func plainText(of inlines: [Inline], insideLink: Bool) -> String {
        var output = ""
        for inline in inlines {
            switch inline {
            case .text(let text), .code(let text):
                output += text
            case .emphasis(let content), .strong(let content):
                output += plainText(of: content, insideLink: insideLink)
            case .link(let destination, _, let content):
                let text = plainText(of: content, insideLink: true)
                guard !insideLink, MarkdownLinkPolicy.allows(destination) else {
                    output += text
                    continue
                }
                let shown = MarkdownLinkPolicy.displayText(for: destination)
                let trimmed = String(text.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
                if trimmed.isEmpty || trimmed == destination || trimmed == shown || "mailto:" + trimmed == destination {
                    output += shown
                } else {
                    output += text + " (" + shown + ")"
                }
            case .lineBreak:
                output += "\n"
            }
        }
        return output
    }

    /// `text` with `first` before its first line and `rest` before every other, trailing whitespace trimmed.
    private static func prefixing(_ text: String, first: String, rest: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { number, line in
            TextWrapper.trimmingTrailingWhitespace((number == 0 ? first : rest) + line)
        }.joined(separator: "\n")
    }
}
