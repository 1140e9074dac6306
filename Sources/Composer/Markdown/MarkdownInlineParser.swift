/// The inline pass: turns the text of a paragraph or heading into ``MarkdownDocument/Inline`` values.
///
/// One left-to-right scan makes text, code spans, links, autolinks, bare URLs, line breaks and
/// `*`/`_` delimiter runs; emphasis is then resolved with CommonMark's delimiter-stack rules
/// (flanking, the rule of three). Links cannot contain links. Emphasis nests at most
/// ``maximumEmphasisDepth`` levels; deeper delimiters stay text. Character references
/// (`&amp;`) are not decoded: `&` is text like any other character.
struct MarkdownInlineParser {
    typealias Inline = MarkdownDocument.Inline

    /// How many emphasis levels may nest.
    static let maximumEmphasisDepth = 16

    /// How deep parentheses may nest in a link destination (as in CommonMark), which also keeps
    /// a run of unfinished links from costing quadratic time.
    static let maximumParenthesisDepth = 32

    /// Parses `text` (lines joined by `\n`, no leading or trailing spaces) into inlines.
    static func parse(_ text: String) -> [Inline] {
        var parser = MarkdownInlineParser(text, allowsLinks: true)
        return parser.parse()
    }

    /// A piece of the first pass.
    private enum Piece {
        case text(String)
        case inline(Inline)
        case delimiter(Int)
    }

    /// A run of `*` or `_`, and what the emphasis pass made of it.
    private struct DelimiterRun {
        let character: Character
        let length: Int
        let canOpen: Bool
        let canClose: Bool
        var remaining: Int
        /// The widths (1 or 2) of the emphasis this run opened, in the order they were matched.
        var opened: [Int] = []
        /// The widths of the emphasis this run closed, in the order they were matched.
        var closed: [Int] = []
    }

    private let characters: [Character]
    private let allowsLinks: Bool
    /// The index of the `]` that matches each `[`, for link parsing.
    private var closingBracket: [Int: Int] = [:]
    /// The start of every maximal backtick run, by run length, in ascending order.
    private var backtickRuns: [Int: [Int]] = [:]
    private var pieces: [Piece] = []
    private var runs: [DelimiterRun] = []
    private var pendingText = ""

    private init(_ text: String, allowsLinks: Bool) {
        characters = Array(text)
        self.allowsLinks = allowsLinks
        var index = 0
        while index < characters.count {
            if characters[index] == "`" {
                let length = runLength(at: index)
                backtickRuns[length, default: []].append(index)
                index += length
            } else {
                index += 1
            }
        }
    }

    /// Runs the passes: brackets, scan, emphasis, tree.
    private mutating func parse() -> [Inline] {
        if allowsLinks { matchBrackets() }
        scan()
        resolveEmphasis()
        return buildInlines()
    }

    // MARK: - First pass

    /// The first pass: splits the characters into ``pieces`` and ``runs``.
    private mutating func scan() {
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\":
                index = scanBackslash(at: index)
            case "`":
                index = scanBackticks(at: index)
            case "*", "_":
                index = scanDelimiterRun(at: index)
            case "[" where allowsLinks:
                if let (inlines, end) = link(at: index) {
                    inlines.forEach { append(.inline($0)) }
                    index = end
                } else {
                    pendingText.append("[")
                    index += 1
                }
            case "<" where allowsLinks:
                if let (inline, end) = autolink(at: index) {
                    append(.inline(inline))
                    index = end
                } else {
                    pendingText.append("<")
                    index += 1
                }
            case "\n":
                index = scanLineEnd(at: index)
            case "h", "H":
                if allowsLinks, let (inline, end) = bareURL(at: index) {
                    append(.inline(inline))
                    index = end
                } else {
                    pendingText.append(character)
                    index += 1
                }
            default:
                pendingText.append(character)
                index += 1
            }
        }
        flushText()
    }

    /// A backslash escape or hard line break at `index`; returns the index after it.
    private mutating func scanBackslash(at index: Int) -> Int {
        guard index + 1 < characters.count else {
            pendingText.append("\\")
            return index + 1
        }
        let next = characters[index + 1]
        if next == "\n" {
            append(.inline(.lineBreak))
            return skipSpaces(from: index + 2)
        }
        if Self.isASCIIPunctuation(next) {
            pendingText.append(next)
            return index + 2
        }
        pendingText.append("\\")
        return index + 1
    }

    /// A code span, or a literal backtick run when it has no closer; returns the index after it.
    private mutating func scanBackticks(at index: Int) -> Int {
        let length = runLength(at: index)
        guard let close = closingBackticks(from: index + length, length: length) else {
            pendingText.append(String(repeating: "`", count: length))
            return index + length
        }
        var content = String(characters[(index + length)..<close].map { $0 == "\n" ? " " : $0 })
        if content.count >= 2, content.first == " ", content.last == " ", content.contains(where: { $0 != " " }) {
            content = String(content.dropFirst().dropLast())
        }
        append(.inline(.code(content)))
        return close + length
    }

    /// A run of `*` or `_` with CommonMark's flanking rules; returns the index after it.
    private mutating func scanDelimiterRun(at index: Int) -> Int {
        let character = characters[index]
        let length = runLength(at: index)
        let before = index > 0 ? characters[index - 1] : nil
        let after = index + length < characters.count ? characters[index + length] : nil
        let (leftFlanking, rightFlanking) = Self.flanking(before: before, after: after)
        let canOpen: Bool
        let canClose: Bool
        if character == "*" {
            canOpen = leftFlanking
            canClose = rightFlanking
        } else {
            canOpen = leftFlanking && (!rightFlanking || before.map(Self.isPunctuation) == true)
            canClose = rightFlanking && (!leftFlanking || after.map(Self.isPunctuation) == true)
        }
        runs.append(
            DelimiterRun(character: character, length: length, canOpen: canOpen, canClose: canClose, remaining: length)
        )
        append(.delimiter(runs.count - 1))
        return index + length
    }

    /// A soft (space) or hard (two trailing spaces) line break; returns the index after it.
    private mutating func scanLineEnd(at index: Int) -> Int {
        let trailingSpaces = pendingText.reversed().prefix(while: { $0 == " " }).count
        pendingText.removeLast(trailingSpaces)
        if trailingSpaces >= 2 {
            append(.inline(.lineBreak))
        } else {
            pendingText.append(" ")
        }
        return skipSpaces(from: index + 1)
    }

    /// The first index at or after `index` that is not a space.
    private func skipSpaces(from index: Int) -> Int {
        var index = index
        while index < characters.count, characters[index] == " " { index += 1 }
        return index
    }

    /// The length of the run of `characters[index]` starting at `index`.
    private func runLength(at index: Int) -> Int {
        var end = index
        while end < characters.count, characters[end] == characters[index] { end += 1 }
        return end - index
    }

    /// The start of the first backtick run of exactly `length` at or after `start`, or `nil`.
    private func closingBackticks(from start: Int, length: Int) -> Int? {
        guard let starts = backtickRuns[length] else { return nil }
        var low = 0
        var high = starts.count
        while low < high {
            let middle = low + (high - low) / 2
            if starts[middle] < start { low = middle + 1 } else { high = middle }
        }
        return low < starts.count ? starts[low] : nil
    }

    // MARK: - Links

    /// Pairs every `[` with its `]`, skipping escaped brackets and code spans.
    private mutating func matchBrackets() {
        var open: [Int] = []
        var index = 0
        while index < characters.count {
            switch characters[index] {
            case "\\":
                index += index + 1 < characters.count && Self.isASCIIPunctuation(characters[index + 1]) ? 2 : 1
            case "`":
                let length = runLength(at: index)
                index = closingBackticks(from: index + length, length: length).map { $0 + length } ?? index + length
            case "[":
                open.append(index)
                index += 1
            case "]":
                if let opening = open.popLast() { closingBracket[opening] = index }
                index += 1
            default:
                index += 1
            }
        }
    }

    /// The inlines of an inline link `[text](destination "title")` at `start`, and the index after it.
    ///
    /// A link to a destination that ``MarkdownLinkPolicy`` refuses gives its text alone.
    private func link(at start: Int) -> ([Inline], Int)? {
        guard let close = closingBracket[start], close + 1 < characters.count, characters[close + 1] == "(" else {
            return nil
        }
        var index = skipWhitespace(from: close + 2)
        guard let (destination, afterDestination) = linkDestination(at: index) else { return nil }
        index = skipWhitespace(from: afterDestination)
        var title: String?
        if index > afterDestination, let (parsedTitle, afterTitle) = linkTitle(at: index) {
            title = parsedTitle
            index = skipWhitespace(from: afterTitle)
        }
        guard index < characters.count, characters[index] == ")" else { return nil }
        var inner = MarkdownInlineParser(String(characters[(start + 1)..<close]), allowsLinks: false)
        let content = inner.parse()
        guard MarkdownLinkPolicy.allows(destination) else { return (content, index + 1) }
        return ([.link(destination: destination, title: title, content: content)], index + 1)
    }

    /// A link destination at `start`, `<…>` or bare with balanced parentheses, and the index after it.
    private func linkDestination(at start: Int) -> (String, Int)? {
        var destination = ""
        var index = start
        if index < characters.count, characters[index] == "<" {
            index += 1
            while index < characters.count {
                let character = characters[index]
                if character == ">" { return (destination, index + 1) }
                if character == "<" || character == "\n" { return nil }
                if character == "\\", index + 1 < characters.count, Self.isASCIIPunctuation(characters[index + 1]) {
                    destination.append(characters[index + 1])
                    index += 2
                } else {
                    destination.append(character)
                    index += 1
                }
            }
            return nil
        }
        var depth = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace { break }
            if character == "\\", index + 1 < characters.count, Self.isASCIIPunctuation(characters[index + 1]) {
                destination.append(characters[index + 1])
                index += 2
                continue
            }
            if character == "(" {
                depth += 1
                guard depth <= Self.maximumParenthesisDepth else { return nil }
            } else if character == ")" {
                if depth == 0 { break }
                depth -= 1
            }
            destination.append(character)
            index += 1
        }
        return depth == 0 ? (destination, index) : nil
    }

    /// A link title in `"…"`, `'…'` or `(…)` at `start`, and the index after it.
    private func linkTitle(at start: Int) -> (String, Int)? {
        guard start < characters.count else { return nil }
        let closing: Character
        switch characters[start] {
        case "\"": closing = "\""
        case "'": closing = "'"
        case "(": closing = ")"
        default: return nil
        }
        var title = ""
        var index = start + 1
        while index < characters.count {
            let character = characters[index]
            if character == closing { return (title, index + 1) }
            if closing == ")" && character == "(" { return nil }
            if character == "\\", index + 1 < characters.count, Self.isASCIIPunctuation(characters[index + 1]) {
                title.append(characters[index + 1])
                index += 2
            } else {
                title.append(character == "\n" ? " " : character)
                index += 1
            }
        }
        return nil
    }

    /// The first index at or after `index` that is not a space or line break.
    private func skipWhitespace(from index: Int) -> Int {
        var index = index
        while index < characters.count, characters[index] == " " || characters[index] == "\n" { index += 1 }
        return index
    }

    /// An autolink `<scheme:…>` or `<name@domain>` at `start` with an allowed scheme, and the index after it.
    private func autolink(at start: Int) -> (Inline, Int)? {
        var index = start + 1
        var body = ""
        while index < characters.count {
            let character = characters[index]
            if character == ">" { break }
            if character == "<" || character.isWhitespace || !character.unicodeScalars.allSatisfy(Self.isURLScalar) {
                return nil
            }
            body.append(character)
            index += 1
        }
        guard index < characters.count, !body.isEmpty else { return nil }
        let end = index + 1
        if Self.hasScheme(body) {
            guard MarkdownLinkPolicy.allows(body) else { return nil }
            return (.link(destination: body, title: nil, content: [.text(body)]), end)
        }
        guard Self.isEmailAddress(body) else { return nil }
        return (.link(destination: "mailto:" + body, title: nil, content: [.text(body)]), end)
    }

    /// A bare `http://` or `https://` URL at `start`, and the index after it.
    ///
    /// It must follow a space, an opening bracket, quote or delimiter, or the start of the text.
    /// It runs to the next space or `<`; trailing punctuation and unbalanced `)` are left out.
    private func bareURL(at start: Int) -> (Inline, Int)? {
        if start > 0 {
            let before = characters[start - 1]
            guard before.isWhitespace || "(*_~\"'".contains(before) else { return nil }
        }
        let schemeLength: Int
        if hasPrefix("https://", at: start) {
            schemeLength = 8
        } else if hasPrefix("http://", at: start) {
            schemeLength = 7
        } else {
            return nil
        }
        guard start + schemeLength < characters.count,
            characters[start + schemeLength].isLetter || characters[start + schemeLength].isNumber
        else { return nil }
        var end = start + schemeLength
        var unbalancedParentheses = 0
        while end < characters.count, !characters[end].isWhitespace, characters[end] != "<", characters[end] != ">" {
            if characters[end] == "(" { unbalancedParentheses -= 1 }
            if characters[end] == ")" { unbalancedParentheses += 1 }
            end += 1
        }
        while end > start + schemeLength {
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
        let url = String(characters[start..<end])
        guard MarkdownLinkPolicy.allows(url) else { return nil }
        return (.link(destination: url, title: nil, content: [.text(url)]), end)
    }

    /// Whether the characters at `start` spell the lower-case ASCII `prefix`, ignoring case.
    private func hasPrefix(_ prefix: String, at start: Int) -> Bool {
        var index = start
        for expected in prefix {
            guard index < characters.count, characters[index].lowercased() == String(expected) else { return false }
            index += 1
        }
        return true
    }

    // MARK: - Emphasis

    /// Matches openers and closers with CommonMark's delimiter-stack algorithm.
    ///
    /// `bottoms` remembers, for each kind of closer, how far down the stack is known to hold
    /// nothing it can match (CommonMark's "openers bottom"), so unmatched runs cost linear time.
    private mutating func resolveEmphasis() {
        var openers: [Int] = []
        var bottoms = [Int](repeating: 0, count: 12)
        for closer in runs.indices {
            if runs[closer].canClose {
                let kind =
                    (runs[closer].character == "*" ? 0 : 6) + (runs[closer].canOpen ? 3 : 0) + runs[closer].length % 3
                while runs[closer].remaining > 0 {
                    bottoms[kind] = min(bottoms[kind], openers.count)
                    guard let position = openerPosition(in: openers, above: bottoms[kind], for: closer) else {
                        bottoms[kind] = openers.count
                        break
                    }
                    let opener = openers[position]
                    let width = runs[opener].remaining >= 2 && runs[closer].remaining >= 2 ? 2 : 1
                    runs[opener].remaining -= width
                    runs[opener].opened.append(width)
                    runs[closer].remaining -= width
                    runs[closer].closed.append(width)
                    openers.removeSubrange((position + 1)...)
                    if runs[opener].remaining == 0 { openers.remove(at: position) }
                }
            }
            if runs[closer].canOpen && runs[closer].remaining > 0 { openers.append(closer) }
        }
    }

    /// The position in `openers`, at or above `bottom`, of the nearest run that `closer` can close.
    private func openerPosition(in openers: [Int], above bottom: Int, for closer: Int) -> Int? {
        let closing = runs[closer]
        for position in stride(from: openers.count - 1, through: bottom, by: -1) {
            let opening = runs[openers[position]]
            guard opening.character == closing.character, opening.remaining > 0 else { continue }
            let eitherBoth = opening.canClose || closing.canOpen
            let sum = opening.length + closing.length
            if eitherBoth && sum % 3 == 0 && !(opening.length % 3 == 0 && closing.length % 3 == 0) { continue }
            return position
        }
        return nil
    }

    // MARK: - Building

    /// An open emphasis while building the tree.
    private struct Frame {
        var character: Character
        var width: Int
        var children: [Inline] = []
    }

    /// Nests the pieces into inlines, following the matches of ``resolveEmphasis()``.
    private func buildInlines() -> [Inline] {
        var root: [Inline] = []
        var frames: [Frame] = []
        // For every open emphasis: whether it got a frame (`false`: too deep, kept as text).
        var openKinds: [Bool] = []

        func add(_ inline: Inline) {
            if frames.isEmpty {
                Self.append(inline, to: &root)
            } else {
                Self.append(inline, to: &frames[frames.count - 1].children)
            }
        }
        func literal(_ character: Character, _ count: Int) {
            if count > 0 { add(.text(String(repeating: character, count: count))) }
        }

        for piece in pieces {
            switch piece {
            case .text(let text):
                add(.text(text))
            case .inline(let inline):
                add(inline)
            case .delimiter(let index):
                let run = runs[index]
                for width in run.closed {
                    if openKinds.popLast() == true, let frame = frames.popLast() {
                        add(frame.width == 2 ? .strong(frame.children) : .emphasis(frame.children))
                    } else {
                        literal(run.character, width)
                    }
                }
                literal(run.character, run.remaining)
                for width in run.opened.reversed() {
                    if frames.count < Self.maximumEmphasisDepth {
                        frames.append(Frame(character: run.character, width: width))
                        openKinds.append(true)
                    } else {
                        literal(run.character, width)
                        openKinds.append(false)
                    }
                }
            }
        }
        // Unreachable when the matches nest properly; kept so that no input can lose text.
        while let frame = frames.popLast() {
            add(.text(String(repeating: frame.character, count: frame.width)))
            frame.children.forEach(add)
        }
        return root
    }

    /// Appends `piece` after any pending text.
    private mutating func append(_ piece: Piece) {
        flushText()
        pieces.append(piece)
    }

    /// Turns the pending text into a piece.
    private mutating func flushText() {
        guard !pendingText.isEmpty else { return }
        pieces.append(.text(pendingText))
        pendingText = ""
    }

    /// Appends `inline` to `inlines`, merging adjacent text and dropping empty text.
    private static func append(_ inline: Inline, to inlines: inout [Inline]) {
        guard case .text(let text) = inline else {
            inlines.append(inline)
            return
        }
        guard !text.isEmpty else { return }
        guard case .text(var merged)? = inlines.last else {
            inlines.append(inline)
            return
        }
        inlines.removeLast()
        merged += text
        inlines.append(.text(merged))
    }

    // MARK: - Character classes

    /// Whether a delimiter run between `before` and `after` is left- and right-flanking.
    private static func flanking(before: Character?, after: Character?) -> (left: Bool, right: Bool) {
        let spaceBefore = before?.isWhitespace ?? true
        let spaceAfter = after?.isWhitespace ?? true
        let punctuationBefore = before.map(isPunctuation) ?? false
        let punctuationAfter = after.map(isPunctuation) ?? false
        let left = !spaceAfter && (!punctuationAfter || spaceBefore || punctuationBefore)
        let right = !spaceBefore && (!punctuationBefore || spaceAfter || punctuationAfter)
        return (left, right)
    }

    /// Whether `character` is Unicode punctuation or a symbol, as CommonMark counts them.
    private static func isPunctuation(_ character: Character) -> Bool {
        character.isPunctuation || character.isSymbol
    }

    /// Whether `character` is one ASCII punctuation character, which a backslash may escape.
    static func isASCIIPunctuation(_ character: Character) -> Bool {
        guard let value = character.asciiValue, character.unicodeScalars.count == 1 else { return false }
        return (0x21...0x2F).contains(value) || (0x3A...0x40).contains(value)
            || (0x5B...0x60).contains(value) || (0x7B...0x7E).contains(value)
    }

    /// Whether `scalar` may appear inside an autolink: printable, not a space or control.
    private static func isURLScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0x20 && scalar.value != 0x7F && !(0x80...0x9F).contains(scalar.value)
    }

    /// Whether `text` starts with a URI scheme (`[A-Za-z][A-Za-z0-9+.-]{1,31}:`).
    private static func hasScheme(_ text: String) -> Bool {
        var length = 0
        for scalar in text.unicodeScalars {
            if scalar == ":" { return (2...32).contains(length) }
            let isLetter = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            let isOther = ("0"..."9").contains(scalar) || scalar == "+" || scalar == "." || scalar == "-"
            guard isLetter || (length > 0 && isOther) else { return false }
            length += 1
        }
        return false
    }

    /// Whether `text` looks like a plain e-mail address (`local@domain.tld`, ASCII only).
    private static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix(".")
        else { return false }
        let localAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-")
        let domainAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
        return parts[0].allSatisfy(localAllowed.contains) && parts[1].allSatisfy(domainAllowed.contains)
    }
}
