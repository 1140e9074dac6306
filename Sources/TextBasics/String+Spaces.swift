extension StringProtocol {
    /// The text without the spaces and tabs at either end: Unicode's space separators (category
    /// Zs), U+0009 and U+200B, the set Foundation's `CharacterSet.whitespaces` holds. Line breaks stay.
    ///
    /// Done on the Unicode scalars directly, since Foundation's `trimmingCharacters(in:)` bridges
    /// through `NSString` and costs more than the rest of reading a subscriber's row.
    package func trimmingSpaces() -> String {
        trimming(where: \.isSpaceOrTab)
    }

    /// The text without spaces, tabs, CRs and LFs at either end: the white space of mail headers,
    /// templates and markup, where nothing else counts as blank.
    package func trimmingASCIIWhitespace() -> String {
        trimming { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
    }

    /// The text without any Unicode white space or line break at either end (a no-break space included).
    package func trimmingWhitespaceAndNewlines() -> String {
        trimming { $0.properties.isWhitespace }
    }

    /// The text with every run of white space (line breaks included) made one space, and none at either end.
    package func collapsingWhitespace() -> String {
        var result = ""
        var pendingSpace = false
        for character in self {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    /// The text without the scalars at either end that `isBlank` accepts.
    private func trimming(where isBlank: (Unicode.Scalar) -> Bool) -> String {
        let text = Substring(self)
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }),
            let last = scalars.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(text.unicodeScalars[first...last])
    }
}

extension Unicode.Scalar {
    /// Whether this is a tab or a space (category Zs: space, no-break space, em space, ...; and U+200B).
    fileprivate var isSpaceOrTab: Bool {
        switch value {
        case 0x09, 0x20, 0x200B: true  // Foundation still counts U+200B, once in Zs, as a space
        case 0..<0x80: false
        default: properties.generalCategory == .spaceSeparator
        }
    }
}
