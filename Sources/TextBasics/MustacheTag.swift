/// One `{{…}}` tag of a Mustache template, found by ``scan(_:)``.
///
/// swift-mustache renders a missing variable as nothing and keeps its parse tree private, so we
/// read the tags ourselves to check every name a template uses against what the renderer provides.
package struct MustacheTag: Equatable {
    /// What the tag does.
    package enum Kind: Equatable {
        case variable, unescapedVariable, section, invertedSection, closeSection, partial, comment, pragma, other
    }

    package var kind: Kind
    /// The name inside the tag, trimmed: `item.title`, `topics`, a partial's name.
    package var name: String
    /// The 1-based line the tag starts on.
    package var line: Int
    /// Where the whole tag, braces included, sits in the template.
    package var range: Range<String.Index>

    /// Every tag of `template`, in order. Set-delimiter tags are reported as `.other`.
    package static func scan(_ template: String) -> [MustacheTag] {
        var tags: [MustacheTag] = []
        var line = 1
        var rest = Substring(template)
        while let open = rest.firstRange(of: "{{") {
            line += rest[..<open.lowerBound].count(where: { $0 == "\n" })
            let afterOpen = rest[open.upperBound...]
            let triple = afterOpen.hasPrefix("{")
            let closer = triple ? "}}}" : "}}"
            let bodyStart = triple ? afterOpen.index(after: afterOpen.startIndex) : afterOpen.startIndex
            guard let close = afterOpen[bodyStart...].firstRange(of: closer) else { break }
            let body = afterOpen[bodyStart..<close.lowerBound]
            tags.append(Self(body: body, triple: triple, line: line, range: open.lowerBound..<close.upperBound))
            line += body.count(where: { $0 == "\n" })
            rest = afterOpen[close.upperBound...]
        }
        return tags
    }

    private init(body: Substring, triple: Bool, line: Int, range: Range<String.Index>) {
        self.line = line
        self.range = range
        let trimmed = body.trimmingASCIIWhitespace()
        guard !triple else {
            self.kind = .unescapedVariable
            self.name = trimmed
            return
        }
        let sigils: [Character: Kind] = [
            "&": .unescapedVariable, "#": .section, "^": .invertedSection, "/": .closeSection,
            ">": .partial, "!": .comment, "%": .pragma, "=": .other, "$": .other, "<": .other,
        ]
        if let first = trimmed.first, let kind = sigils[first] {
            self.kind = kind
            self.name = trimmed.dropFirst().trimmingASCIIWhitespace()
        } else {
            self.kind = .variable
            self.name = trimmed
        }
    }

    /// The first component of a dotted name (`item` of `item.title`); `.` stays `.`.
    package var head: String {
        name == "." ? name : String(name.prefix(while: { $0 != "." }))
    }
}
