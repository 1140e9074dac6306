/// One `{{…}}` tag of a Mustache template, found by ``scan(_:)``.
///
/// swift-mustache renders a missing variable as nothing and keeps its parse tree private, so we
/// read the tags ourselves to check every name a template uses against what the renderer provides.
struct MustacheTag: Equatable {
    /// What the tag does.
    enum Kind: Equatable {
        case variable, unescapedVariable, section, invertedSection, closeSection, partial, comment, pragma, other
    }

    var kind: Kind
    /// The name inside the tag, trimmed: `item.title`, `topics`, a partial's name.
    var name: String
    /// The 1-based line the tag starts on.
    var line: Int

    /// Every tag of `template`, in order. Set-delimiter tags are reported as `.other`.
    static func scan(_ template: String) -> [MustacheTag] {
        var tags: [MustacheTag] = []
        var line = 1
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            line += rest[..<open.lowerBound].count(where: { $0 == "\n" })
            let afterOpen = rest[open.upperBound...]
            let triple = afterOpen.hasPrefix("{")
            let closer = triple ? "}}}" : "}}"
            let bodyStart = triple ? afterOpen.index(after: afterOpen.startIndex) : afterOpen.startIndex
            guard let close = afterOpen[bodyStart...].range(of: closer) else { break }
            let body = afterOpen[bodyStart..<close.lowerBound]
            tags.append(Self(body: body, triple: triple, line: line))
            line += body.count(where: { $0 == "\n" })
            rest = afterOpen[close.upperBound...]
        }
        return tags
    }

    private init(body: Substring, triple: Bool, line: Int) {
        self.line = line
        let trimmed = body.trimmingWhitespace()
        guard !triple else {
            self.kind = .unescapedVariable
            self.name = String(trimmed)
            return
        }
        let sigils: [Character: Kind] = [
            "&": .unescapedVariable, "#": .section, "^": .invertedSection, "/": .closeSection,
            ">": .partial, "!": .comment, "%": .pragma, "=": .other, "$": .other, "<": .other,
        ]
        if let first = trimmed.first, let kind = sigils[first] {
            self.kind = kind
            self.name = String(trimmed.dropFirst().trimmingWhitespace())
        } else {
            self.kind = .variable
            self.name = String(trimmed)
        }
    }

    /// The first component of a dotted name (`item` of `item.title`); `.` stays `.`.
    var head: String {
        name == "." ? name : String(name.prefix(while: { $0 != "." }))
    }
}

extension Substring {
    /// The substring without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        let end = lastIndex(where: { !isSpace($0) })!
        return self[start...end]
    }
}
