extension StringProtocol {
    /// The text without the spaces and tabs at either end: Unicode's space separators (category
    /// Zs), U+0009 and U+200B, the set Foundation's `CharacterSet.whitespaces` holds. Line breaks stay.
    ///
    /// Done on the Unicode scalars directly, since Foundation's `trimmingCharacters(in:)` bridges
    /// through `NSString` and costs more than the rest of reading a subscriber's row.
    package func trimmingSpaces() -> String {
        let text = Substring(self)
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpaceOrTab }),
            let last = scalars.lastIndex(where: { !$0.isSpaceOrTab })
        else { return "" }
        return String(text[first...last])
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
