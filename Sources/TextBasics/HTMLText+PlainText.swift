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
    package static func plainText(_ html: String) -> String {
        var paragraphs: [String] = []
        var current = ""
        func endParagraph() {
            let text = decodingEntities(current).collapsingWhitespace()
            if !text.isEmpty { paragraphs.append(text) }
            current = ""
        }
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            guard character == "<" else {
                current.append(character)
                index = html.index(after: index)
                continue
            }
            if html[index...].hasPrefix("<!--") {
                index = html[index...].firstRange(of: "-->")?.upperBound ?? html.endIndex
                continue
            }
            guard let close = html[index...].firstIndex(of: ">") else {
                current += html[index...]
                break
            }
            let tag = html[html.index(after: index)..<close]
            let isEnd = tag.hasPrefix("/")
            let name = tag.drop(while: { $0 == "/" }).prefix(while: { $0.isLetter || $0.isNumber }).lowercased()
            guard !name.isEmpty || isEnd else {
                // "<" that opens no tag ("a < b"): text.
                current.append(character)
                index = html.index(after: index)
                continue
            }
            index = html.index(after: close)
            if !isEnd, droppedElements.contains(name), !tag.hasSuffix("/") {
                let lower = html[index...].lowercased()
                if let end = lower.firstRange(of: "</\(name)") {
                    let offset = lower.distance(from: lower.startIndex, to: end.upperBound)
                    let after = html.index(index, offsetBy: offset, limitedBy: html.endIndex) ?? html.endIndex
                    index = html[after...].firstIndex(of: ">").map { html.index(after: $0) } ?? html.endIndex
                } else {
                    index = html.endIndex
                }
                continue
            }
            if blockElements.contains(name) { endParagraph() } else { current.append(" ") }
        }
        endParagraph()
        return paragraphs.joined(separator: "\n\n")
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
