import CCmark

/// Turns cmark's node tree into ``MarkdownDocument`` blocks, one `cmark_iter` event at a time.
///
/// The walk keeps its own stack, so no nesting can exhaust the call stack. Block quotes and lists
/// deeper than ``MarkdownDocument/maximumContainerDepth``, and emphasis deeper than
/// ``MarkdownDocument/maximumEmphasisDepth``, are flattened: their content joins the enclosing
/// level. A link that ``MarkdownLinkPolicy`` refuses, or one inside another link, becomes its
/// content as plain text; an image becomes a link to it. Raw HTML becomes text, a code block a
/// paragraph with a line break per line; thematic breaks are dropped. Bare `http(s)://` URLs in
/// text outside links become links (``BareURLFinder``).
struct MarkdownTreeWalker {
    typealias Block = MarkdownDocument.Block
    typealias Inline = MarkdownDocument.Inline

    /// What an open node becomes when the walk leaves it.
    private enum Kind {
        case document
        case blockQuote
        case list(ordered: Bool, start: Int)
        case item
        case paragraph
        case heading(level: Int)
        case emphasis
        case strong
        case link(destination: String, title: String?)
        /// A link that may not be one: its content joins its parent's as text, with no links made inside it.
        case refusedLink
        /// A node whose content joins its parent's: nested too deep, or a custom node.
        case transparent
    }

    /// An open node and what has been collected inside it.
    private struct Level {
        var kind: Kind
        var blocks: [Block] = []
        var items: [[Block]] = []
        var inlines: [Inline] = []
        /// Text not yet in `inlines`, so that adjacent text nodes make one `.text`.
        var text = ""
    }

    private var stack = [Level(kind: .document)]
    private var containerDepth = 0
    private var emphasisDepth = 0
    private var linkDepth = 0

    /// The blocks of the document node `root`.
    static func blocks(of root: OpaquePointer) -> [Block] {
        guard let iterator = cmark_iter_new(root) else { return [] }
        defer { cmark_iter_free(iterator) }
        var walker = MarkdownTreeWalker()
        while true {
            let event = cmark_iter_next(iterator)
            guard event == CMARK_EVENT_ENTER || event == CMARK_EVENT_EXIT else { break }
            guard let node = cmark_iter_get_node(iterator), node != root else { continue }
            if event == CMARK_EVENT_ENTER { walker.enter(node) } else { walker.leave() }
        }
        while walker.stack.count > 1 { walker.leave() }
        return walker.stack[0].blocks
    }

    // MARK: - Events

    /// Handles entering `node`: opens a container, or adds a leaf.
    private mutating func enter(_ node: OpaquePointer) {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_BLOCK_QUOTE:
            openContainer(.blockQuote)
        case CMARK_NODE_LIST:
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            openContainer(.list(ordered: ordered, start: ordered ? Int(cmark_node_get_list_start(node)) : 1))
        case CMARK_NODE_ITEM:
            if case .list = stack[stack.count - 1].kind { open(.item) } else { open(.transparent) }
        case CMARK_NODE_PARAGRAPH:
            open(.paragraph)
        case CMARK_NODE_HEADING:
            open(.heading(level: Int(cmark_node_get_heading_level(node))))
        case CMARK_NODE_CODE_BLOCK:
            addCodeBlock(Self.literal(of: node))
        case CMARK_NODE_HTML_BLOCK:
            addHTMLBlock(Self.literal(of: node))
        case CMARK_NODE_THEMATIC_BREAK:
            break
        case CMARK_NODE_TEXT, CMARK_NODE_HTML_INLINE:
            addText(Self.inlineText(Self.literal(of: node)))
        case CMARK_NODE_SOFTBREAK:
            addText(" ")
        case CMARK_NODE_LINEBREAK:
            addInline(.lineBreak)
        case CMARK_NODE_CODE:
            addInline(.code(Self.inlineText(Self.literal(of: node))))
        case CMARK_NODE_EMPH, CMARK_NODE_STRONG:
            let isStrong = cmark_node_get_type(node) == CMARK_NODE_STRONG
            if emphasisDepth < MarkdownDocument.maximumEmphasisDepth {
                emphasisDepth += 1
                open(isStrong ? .strong : .emphasis)
            } else {
                open(.transparent)
            }
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            let destination = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            let title = cmark_node_get_title(node).map { String(cString: $0) } ?? ""
            if linkDepth == 0, MarkdownLinkPolicy.allows(destination) {
                open(.link(destination: destination, title: title.isEmpty ? nil : Self.inlineText(title)))
            } else {
                open(.refusedLink)
            }
            linkDepth += 1
        default:
            open(.transparent)
        }
    }

    /// Handles leaving the innermost open node: adds what it became to its parent.
    private mutating func leave() {
        flushText()
        let level = stack.removeLast()
        switch level.kind {
        case .document:
            stack.append(level)
        case .blockQuote:
            containerDepth -= 1
            addBlock(.blockQuote(level.blocks))
        case .list(let ordered, let start):
            containerDepth -= 1
            addBlock(ordered ? .orderedList(start: start, items: level.items) : .bulletList(items: level.items))
        case .item:
            stack[stack.count - 1].items.append(level.blocks)
        case .paragraph:
            if !level.inlines.isEmpty { addBlock(.paragraph(level.inlines)) }
        case .heading(let headingLevel):
            if !level.inlines.isEmpty { addBlock(.heading(level: headingLevel, content: level.inlines)) }
        case .emphasis:
            emphasisDepth -= 1
            if !level.inlines.isEmpty { addInline(.emphasis(level.inlines)) }
        case .strong:
            emphasisDepth -= 1
            if !level.inlines.isEmpty { addInline(.strong(level.inlines)) }
        case .link(let destination, let title):
            linkDepth -= 1
            addInline(.link(destination: destination, title: title, content: level.inlines))
        case .refusedLink:
            linkDepth -= 1
            for inline in level.inlines { addInline(inline) }
        case .transparent:
            for block in level.blocks { addBlock(block) }
            for inline in level.inlines { addInline(inline) }
        }
    }

    // MARK: - Building

    /// Opens a block quote or list, or a transparent level when containers already nest too deep.
    private mutating func openContainer(_ kind: Kind) {
        guard containerDepth < MarkdownDocument.maximumContainerDepth else { return open(.transparent) }
        containerDepth += 1
        open(kind)
    }

    /// Pushes a level of `kind`.
    private mutating func open(_ kind: Kind) {
        stack.append(Level(kind: kind))
    }

    /// Adds `block` to the innermost level.
    private mutating func addBlock(_ block: Block) {
        stack[stack.count - 1].blocks.append(block)
    }

    /// Adds text to the innermost level, after any text already pending there.
    private mutating func addText(_ text: String) {
        stack[stack.count - 1].text += text
    }

    /// Adds `inline` to the innermost level; text joins the pending text.
    private mutating func addInline(_ inline: Inline) {
        if case .text(let text) = inline { return addText(text) }
        flushText()
        stack[stack.count - 1].inlines.append(inline)
    }

    /// Moves the innermost level's pending text into its inlines, finding bare URLs outside links.
    private mutating func flushText() {
        let index = stack.count - 1
        let text = stack[index].text
        guard !text.isEmpty else { return }
        stack[index].text = ""
        if linkDepth > 0 {
            stack[index].inlines.append(.text(text))
        } else {
            let atStart = stack[index].inlines.last.map { $0 == .lineBreak } ?? true
            stack[index].inlines += BareURLFinder.inlines(in: text, atStart: atStart)
        }
    }

    /// A code block as a paragraph: its lines, trailing whitespace trimmed, joined by line breaks.
    private mutating func addCodeBlock(_ literal: String) {
        var lines = literal.split(separator: "\n", omittingEmptySubsequences: false).map {
            TextWrapper.trimmingTrailingWhitespace(Self.inlineText(String($0)))
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard lines.contains(where: { !$0.isEmpty }) else { return }
        open(.paragraph)
        for (number, line) in lines.enumerated() {
            if number > 0 { addInline(.lineBreak) }
            addText(line)
        }
        leave()
    }

    /// Raw HTML as a paragraph of text: its lines trimmed and joined by spaces, as the source reads.
    private mutating func addHTMLBlock(_ literal: String) {
        let lines = literal.split(separator: "\n").map {
            String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        }
        let text = Self.inlineText(lines.filter { !$0.isEmpty }.joined(separator: " "))
        guard !text.isEmpty else { return }
        open(.paragraph)
        addText(text)
        leave()
    }

    // MARK: - Node contents

    /// The literal of a leaf node, or "" when it has none.
    private static func literal(of node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    /// `text` on one line and free of control characters: line breaks (which raw HTML and
    /// character references can hold) become spaces, other control characters but tab are dropped.
    private static func inlineText(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
            return text
        }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x0D: result.append(" ")
            case 0x09: result.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F: continue
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}
