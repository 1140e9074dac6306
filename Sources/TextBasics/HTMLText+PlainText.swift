extension HTMLText {
    // Plain text from HTML as feeds and bounce notices carry it: tags stripped, scripts and styles
    // dropped, entities decoded.

    /// Elements whose whole content is dropped.
    private static let droppedElements: Set<String> = [
        "script", "style", "noscript", "template", "iframe", "object", "svg", "head",
    ]
    /// Elements that end a paragraph.
    private static let blockElements: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
        "blockquote", "section", "article", "header", "footer", "figure", "figcaption", "hr", "pre", "dd", "dt",
    ]

    /// The text of `html` as paragraphs separated by blank lines, whitespace collapsed within each.
    ///
    /// One pass over the bytes, however the markup is broken: a `<` that opens no tag is text, a
    /// tag without its `>` ends the markup (the rest is text), comments, declarations and the
    /// content of scripts and styles are skipped, each searched for once from where it starts.
    package static func plainText(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var paragraphs: [String] = []
        var current: [UInt8] = []
        func endParagraph() {
            let text = decodingEntities(String(decoding: current, as: UTF8.self)).collapsingWhitespace()
            if !text.isEmpty { paragraphs.append(text) }
            current.removeAll(keepingCapacity: true)
        }
        var index = 0
        while index < bytes.count {
            guard bytes[index] == ASCII.lessThan else {
                current.append(bytes[index])
                index += 1
                continue
            }
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            if next == UInt8(ascii: "!") || next == ASCII.questionMark {
                // A comment, a declaration (DOCTYPE, CDATA) or a processing instruction: skipped whole.
                let isComment = bytes[index...].starts(with: "<!--".utf8)
                let terminator = Array((isComment ? "-->" : ">").utf8)
                index =
                    firstOffset(of: terminator, in: bytes, from: index + 2).map { $0 + terminator.count }
                    ?? bytes.count
                continue
            }
            let isEnd = next == UInt8(ascii: "/")
            let nameStart = index + (isEnd ? 2 : 1)
            var nameEnd = nameStart
            while nameEnd < bytes.count, ASCII.isAlphanumeric(bytes[nameEnd]) { nameEnd += 1 }
            guard nameEnd > nameStart, !(0x30...0x39).contains(bytes[nameStart]) else {
                // "<" that opens no tag ("a < b", "<<"): text.
                current.append(bytes[index])
                index += 1
                continue
            }
            guard let close = bytes[nameEnd...].firstIndex(of: ASCII.greaterThan) else {
                current.append(contentsOf: bytes[index...])
                break
            }
            let name = String(decoding: bytes[nameStart..<nameEnd].map(ASCII.lowercased), as: UTF8.self)
            index = close + 1
            if !isEnd, droppedElements.contains(name), bytes[close - 1] != UInt8(ascii: "/") {
                let endTag = endTagOffset(of: Array(name.utf8), in: bytes, from: index)
                index = endTag.flatMap { bytes[$0...].firstIndex(of: ASCII.greaterThan) }.map { $0 + 1 } ?? bytes.count
                continue
            }
            if blockElements.contains(name) { endParagraph() } else { current.append(ASCII.space) }
        }
        endParagraph()
        return paragraphs.joined(separator: "\n\n")
    }

    /// Where the first `needle` starts in `bytes` at or after `start`.
    private static func firstOffset(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first else { return start }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// Where the end tag `</name` (any case, then no more name) starts at or after `start`.
    private static func endTagOffset(of name: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while let open = bytes[index...].firstIndex(of: ASCII.lessThan) {
            let nameStart = open + 2
            let nameEnd = nameStart + name.count
            if nameEnd <= bytes.count, bytes[open + 1] == UInt8(ascii: "/"),
                bytes[nameStart..<nameEnd].map(ASCII.lowercased).elementsEqual(name),
                nameEnd == bytes.count || !ASCII.isAlphanumeric(bytes[nameEnd])
            {
                return open
            }
            index = open + 1
        }
        return nil
    }

    /// Named entities feeds use, beyond XML's five.
    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "hellip": "…", "mdash": "—",
        "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "copy": "©", "reg": "®",
        "trade": "™", "pound": "£", "euro": "€", "middot": "·", "bull": "•", "eacute": "é", "egrave": "è",
        "aacute": "á", "agrave": "à", "iacute": "í", "oacute": "ó", "uacute": "ú", "ccedil": "ç", "uuml": "ü",
        "ouml": "ö", "auml": "ä", "szlig": "ß", "ntilde": "ñ", "deg": "°", "frac12": "½", "times": "×",
    ]

    /// `text` with HTML character references (`&amp;`, `&#8217;`, `&#x2019;`) replaced by what they stand for.
    package static func decodingEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") else {
                result.append(character)
                index = text.index(after: index)
                continue
            }
            let body = text[text.index(after: index)..<semicolon]
            var replacement: String?
            if body.hasPrefix("#x") || body.hasPrefix("#X") {
                replacement = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map {
                    String(Character($0))
                }
            } else if body.hasPrefix("#") {
                replacement = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else {
                replacement = named[String(body)]
            }
            if let replacement,
                !(replacement.unicodeScalars.first.map { $0.value < 0x20 && $0 != "\n" && $0 != "\t" } ?? false)
            {
                result += replacement
                index = text.index(after: semicolon)
            } else {
                result.append(character)
                index = text.index(after: index)
            }
        }
        return result
    }
}
