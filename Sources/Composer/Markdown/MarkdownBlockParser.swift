/// The block pass of ``MarkdownDocument/init(parsing:)``: splits normalised lines into blocks.
///
/// Rules, kept deliberately simple:
/// - A marker (`#`, `>`, `-`/`*`/`+`, `1.`/`1)`) counts only with at most three spaces before it;
///   there are no indented code blocks, so a deeper line is paragraph text.
/// - Headings, block quotes, bullet items and ordered items numbered 1 interrupt a paragraph;
///   an ordered item with another number does not (so "in\n2024. we" stays one paragraph).
/// - A list item owns the following lines indented at least to its content, or by two spaces when
///   they are not list markers, and unindented lazy lines that continue its paragraph.
/// - Thematic breaks (`---`, `***`, `* * *`, `___`) are not rendered: such a line separates
///   blocks like a blank line (so `Title\n---` is a paragraph, and `* * *` is not a nested list).
/// - Containers nest at most ``maximumDepth`` levels; deeper `>` and list markers are text, so
///   hostile input cannot exhaust the stack.
enum MarkdownBlockParser {
    typealias Block = MarkdownDocument.Block

    /// How many container levels (block quotes, list items) may nest.
    static let maximumDepth = 8

    /// The kind of a list, which must match for items to share a list.
    enum ListKind: Equatable {
        case bullet
        case ordered
    }

    /// A list item marker found at the start of a line.
    struct ListMarker {
        /// Bullet or ordered.
        var kind: ListKind
        /// The number of an ordered item; 1 for a bullet.
        var start: Int
        /// The column where the item's content starts; continuation lines indent to it.
        var contentIndent: Int
        /// The text after the marker.
        var content: String
    }

    /// Parses `lines` into blocks, `depth` container levels deep.
    static func parse(_ lines: [String], depth: Int) -> [Block] {
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if isBlank(line) || isThematicBreak(line) {
                index += 1
                continue
            }
            if let heading = heading(in: line) {
                let content = MarkdownInlineParser.parse(heading.text)
                if !content.isEmpty { blocks.append(.heading(level: heading.level, content: content)) }
                index += 1
                continue
            }
            if depth < maximumDepth, quoteContent(of: line) != nil {
                let (quote, next) = parseQuote(lines, from: index, depth: depth)
                blocks.append(quote)
                index = next
                continue
            }
            if depth < maximumDepth, let marker = listMarker(in: line) {
                let (list, next) = parseList(lines, from: index, kind: marker.kind, start: marker.start, depth: depth)
                blocks.append(list)
                index = next
                continue
            }
            let (paragraph, next) = parseParagraph(lines, from: index, depth: depth)
            if let paragraph { blocks.append(paragraph) }
            index = next
        }
        return blocks
    }

    // MARK: - Containers and paragraphs

    /// The block quote starting at line `start` (with its lazy lines), and the index of the line after it.
    private static func parseQuote(_ lines: [String], from start: Int, depth: Int) -> (Block, Int) {
        var inner: [String] = []
        var index = start
        while index < lines.count {
            let line = lines[index]
            if let content = quoteContent(of: line) {
                inner.append(content)
            } else if !isBlank(line), let last = inner.last, !isBlank(last), !startsBlock(line, depth: depth) {
                inner.append(line)  // A lazy continuation line.
            } else {
                break
            }
            index += 1
        }
        return (.blockQuote(parse(inner, depth: depth + 1)), index)
    }

    /// The list starting at line `start`: items of the same kind, blank lines allowed between them.
    private static func parseList(
        _ lines: [String],
        from start: Int,
        kind: ListKind,
        start number: Int,
        depth: Int
    ) -> (Block, Int) {
        var items: [[Block]] = []
        var index = start
        while index < lines.count, let marker = listMarker(in: lines[index]), marker.kind == kind {
            var itemLines = [marker.content]
            var pendingBlankLines = 0
            index += 1
            while index < lines.count {
                let line = lines[index]
                if isBlank(line) {
                    pendingBlankLines += 1
                    index += 1
                    continue
                }
                let indent = indentation(of: line)
                if indent >= marker.contentIndent || (indent >= 2 && listMarker(in: line) == nil) {
                    itemLines.append(contentsOf: repeatElement("", count: pendingBlankLines))
                    itemLines.append(String(line.dropFirst(min(indent, marker.contentIndent))))
                    pendingBlankLines = 0
                } else if pendingBlankLines == 0, !startsBlock(line, depth: depth) {
                    itemLines.append(String(line.dropFirst(indent)))  // A lazy continuation line.
                } else {
                    break
                }
                index += 1
            }
            items.append(parse(itemLines, depth: depth + 1))
        }
        switch kind {
        case .bullet: return (.bulletList(items: items), index)
        case .ordered: return (.orderedList(start: number, items: items), index)
        }
    }

    /// The paragraph starting at line `start` (`nil` when it has no content), and the line after it.
    private static func parseParagraph(_ lines: [String], from start: Int, depth: Int) -> (Block?, Int) {
        var text = [String(lines[start].drop(while: { $0 == " " }))]
        var index = start + 1
        while index < lines.count, !isBlank(lines[index]), !interruptsParagraph(lines[index], depth: depth) {
            text.append(String(lines[index].drop(while: { $0 == " " })))
            index += 1
        }
        var joined = text.joined(separator: "\n")
        while joined.last == " " { joined.removeLast() }
        let content = MarkdownInlineParser.parse(joined)
        return (content.isEmpty ? nil : .paragraph(content), index)
    }

    // MARK: - Line classification

    /// Whether `line` has nothing but spaces.
    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " }
    }

    /// The number of leading spaces of `line`.
    static func indentation(of line: String) -> Int {
        line.prefix(while: { $0 == " " }).count
    }

    /// Whether `line` starts a heading, quote or list item, or is a thematic break, at this depth.
    private static func startsBlock(_ line: String, depth: Int) -> Bool {
        if heading(in: line) != nil || isThematicBreak(line) { return true }
        guard depth < maximumDepth else { return false }
        return quoteContent(of: line) != nil || listMarker(in: line) != nil
    }

    /// Whether `line` ends the paragraph before it and starts a new block.
    private static func interruptsParagraph(_ line: String, depth: Int) -> Bool {
        if heading(in: line) != nil || isThematicBreak(line) { return true }
        guard depth < maximumDepth else { return false }
        if quoteContent(of: line) != nil { return true }
        guard let marker = listMarker(in: line) else { return false }
        return marker.kind == .bullet || marker.start == 1
    }

    /// Whether `line` is a thematic break: three or more `*`, `-` or `_` (one kind), spaces between.
    static func isThematicBreak(_ line: String) -> Bool {
        let indent = indentation(of: line)
        guard indent < 4 else { return false }
        var marker: Character?
        var count = 0
        for character in line.dropFirst(indent) where character != " " {
            guard character == "*" || character == "-" || character == "_", marker == nil || marker == character else {
                return false
            }
            marker = character
            count += 1
        }
        return count >= 3
    }

    /// The level and text of an ATX heading line (`## Text ##`), or `nil`.
    static func heading(in line: String) -> (level: Int, text: String)? {
        let indent = indentation(of: line)
        guard indent < 4 else { return nil }
        let rest = line.dropFirst(indent)
        let level = rest.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(level) else { return nil }
        let afterHashes = rest.dropFirst(level)
        guard afterHashes.isEmpty || afterHashes.first == " " else { return nil }
        var text = afterHashes.drop(while: { $0 == " " })
        while text.last == " " { text = text.dropLast() }
        let withoutClosing = text.reversed().drop(while: { $0 == "#" })
        if withoutClosing.isEmpty || withoutClosing.first == " " {
            text = text.dropLast(text.count - withoutClosing.count)
            while text.last == " " { text = text.dropLast() }
        }
        return (level, String(text))
    }

    /// The text of a block quote line after `>` and one optional space, or `nil`.
    static func quoteContent(of line: String) -> String? {
        let indent = indentation(of: line)
        guard indent < 4 else { return nil }
        let rest = line.dropFirst(indent)
        guard rest.first == ">" else { return nil }
        let content = rest.dropFirst()
        return String(content.first == " " ? content.dropFirst() : content)
    }

    /// The list item marker at the start of `line`, or `nil`.
    ///
    /// A marker must be followed by a space and some content; `-` alone is text, and a
    /// thematic break such as `- - -` is not a marker.
    static func listMarker(in line: String) -> ListMarker? {
        let indent = indentation(of: line)
        guard indent < 4, !isThematicBreak(line) else { return nil }
        let rest = line.dropFirst(indent)
        guard let first = rest.first else { return nil }
        let kind: ListKind
        let markerWidth: Int
        var start = 1
        if first == "-" || first == "*" || first == "+" {
            kind = .bullet
            markerWidth = 1
        } else {
            let digits = rest.prefix(while: { $0.asciiValue.map { (0x30...0x39).contains($0) } ?? false })
            guard (1...9).contains(digits.count) else { return nil }
            let delimiter = rest.dropFirst(digits.count).first
            guard delimiter == "." || delimiter == ")" else { return nil }
            kind = .ordered
            markerWidth = digits.count + 1
            start = Int(digits) ?? 1
        }
        let afterMarker = rest.dropFirst(markerWidth)
        let spaces = afterMarker.prefix(while: { $0 == " " }).count
        guard spaces > 0 else { return nil }
        let content = afterMarker.dropFirst(spaces)
        guard !content.isEmpty else { return nil }
        return ListMarker(
            kind: kind,
            start: start,
            contentIndent: indent + markerWidth + (spaces <= 4 ? spaces : 1),
            content: String(content)
        )
    }
}
