/// Checks that rendered HTML contains only the markup the renderer may emit.
///
/// Every `<` must open an allowed tag (`p`, `ul`, `ol`, `li`, `strong`, `em`, `code`, `a`,
/// `blockquote`, `br`) whose attributes are `style`, `href`, `title` or `start` with double-quoted
/// values free of raw `<` and `'`; every `href` must be `http:`, `https:` or `mailto:`; `>` may
/// appear only to close a tag; `&` only to start `&amp;`, `&lt;`, `&gt;`, `&quot;` or `&#39;`.
/// Works on UTF-8 bytes: no byte of a multi-byte sequence is ASCII, so combining marks and
/// other scalars cannot hide a `<`, `>`, `&` or `"` from it.
enum HTMLTagAudit {
    static let allowedTags: Set<String> = ["p", "ul", "ol", "li", "strong", "em", "code", "a", "blockquote", "br"]
    static let allowedAttributes: Set<String> = ["style", "href", "title", "start"]
    static let entities: [[UInt8]] = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].map { Array($0.utf8) }
    static let schemes: [[UInt8]] = ["http://", "https://", "mailto:"].map { Array($0.utf8) }

    /// The problems found in `html`; empty when it is clean.
    static func problems(in html: String) -> [String] {
        var problems: [String] = []
        let bytes = Array(html.utf8)
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "<"):
                guard let end = bytes[index...].firstIndex(of: UInt8(ascii: ">")) else {
                    problems.append("unterminated tag at \(index)")
                    return problems
                }
                problems += tagProblems(bytes[(index + 1)..<end])
                index = end + 1
            case UInt8(ascii: ">"):
                problems.append("stray '>' at \(index)")
                index += 1
            case UInt8(ascii: "&"):
                if !entities.contains(where: { bytes[index...].starts(with: $0) }) {
                    problems.append("raw '&' at \(index)")
                }
                index += 1
            default:
                index += 1
            }
        }
        return problems
    }

    private static func tagProblems(_ tag: ArraySlice<UInt8>) -> [String] {
        var description: String { "<" + String(decoding: tag, as: UTF8.self) + ">" }
        var rest = tag
        if rest.first == UInt8(ascii: "/") { rest = rest.dropFirst() }
        let name = rest.prefix(while: { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) })
        guard allowedTags.contains(String(decoding: name, as: UTF8.self)) else { return ["tag \(description)"] }
        rest = rest.dropFirst(name.count)
        var problems: [String] = []
        while !rest.isEmpty {
            guard rest.first == UInt8(ascii: " ") else { return problems + ["malformed attributes in \(description)"] }
            rest = rest.dropFirst()
            let attribute = rest.prefix(while: { $0 != UInt8(ascii: "=") })
            let attributeName = String(decoding: attribute, as: UTF8.self)
            guard allowedAttributes.contains(attributeName) else {
                return problems + ["attribute '\(attributeName)' in \(description)"]
            }
            rest = rest.dropFirst(attribute.count)
            guard rest.starts(with: "=\"".utf8) else { return problems + ["unquoted attribute in \(description)"] }
            rest = rest.dropFirst(2)
            guard let close = rest.firstIndex(of: UInt8(ascii: "\"")) else {
                return problems + ["unterminated value in \(description)"]
            }
            let value = rest[..<close]
            if value.contains(UInt8(ascii: "<")) || value.contains(UInt8(ascii: "'")) {
                problems.append("unescaped value in \(description)")
            }
            if attributeName == "href" {
                let lowered = value.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }
                if !schemes.contains(where: { lowered.starts(with: $0) }) {
                    problems.append("unsafe href in \(description)")
                }
            }
            rest = rest[close...].dropFirst()
        }
        return problems
    }
}
