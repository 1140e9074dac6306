import CCmark

/// A parsed Markdown summary: CommonMark, as cmark parses it, mapped onto a small set of blocks.
///
/// Blocks are paragraphs, bullet and ordered lists, block quotes and headings (ATX and setext).
/// Inlines are emphasis, strong emphasis, code spans, links (inline, reference and autolinks),
/// bare `http(s)://` URLs, hard line breaks and text, with backslash escapes and character
/// references decoded. Code blocks become paragraphs with a line break per line, thematic breaks
/// are dropped, and an image becomes a link to it.
///
/// Raw HTML is not supported: it stays text, and every renderer escapes it. Only `http`, `https`
/// and `mailto` destinations become links; any other link renders as its text alone.
/// Parsing never traps: any string, however malformed, gives a document.
package struct MarkdownDocument: Sendable, Equatable {
    /// How many container levels (block quotes, lists) may nest; deeper ones join the level above.
    package static let maximumContainerDepth = 8

    /// How many emphasis levels may nest; deeper ones join the level above.
    package static let maximumEmphasisDepth = 16

    /// The top-level blocks, in source order.
    package var blocks: [Block]

    /// Parses `source` as Markdown.
    ///
    /// Line endings may be LF, CRLF, CR, U+2028 or U+2029. NUL becomes U+FFFD; other control
    /// characters (except tab and line breaks) are dropped, in the source and in what character
    /// references decode to. Tabs follow CommonMark: four-column tab stops in the indentation.
    package init(parsing source: String) {
        let normalized = Self.normalized(source)
        let root = normalized.withCString { cmark_parse_document($0, normalized.utf8.count, CMARK_OPT_DEFAULT) }
        guard let root else {
            // Only when cmark cannot allocate (its default allocator aborts first): keep the text.
            blocks = normalized.isEmpty ? [] : [.paragraph([.text(normalized)])]
            return
        }
        defer { cmark_node_free(root) }
        blocks = MarkdownTreeWalker.blocks(of: root)
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
    /// `source` with NUL as U+FFFD, other control characters and a leading BOM dropped, and
    /// U+2028 and U+2029 as line feeds.
    static func normalized(_ source: String) -> String {
        var normalized = String.UnicodeScalarView()
        for scalar in source.unicodeScalars {
            switch scalar.value {
            case 0x2028, 0x2029:
                normalized.append("\n")
            case 0x00:
                normalized.append("\u{FFFD}")
            case 0x09, 0x0A, 0x0D:
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
    }
}
