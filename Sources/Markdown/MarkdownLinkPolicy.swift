/// Which link destinations may become links in rendered output.
///
/// An allowlist on the raw characters: a destination is a link only when its first Unicode
/// scalars are `http://`, `https://` or `mailto:` (ASCII, any case). Everything else —
/// `javascript:`, `data:`, `vbscript:`, relative paths, scheme-less or obfuscated forms — is not.
enum MarkdownLinkPolicy {
    /// The allowed scheme prefixes, lower-case.
    static let allowedPrefixes: [String] = ["http://", "https://", "mailto:"]

    /// Whether `destination` may be rendered as a link.
    static func allows(_ destination: String) -> Bool {
        allowedPrefixes.contains { hasASCIIPrefix(destination, $0) }
    }

    /// Whether `destination` is a `mailto:` address.
    static func isMailAddress(_ destination: String) -> Bool {
        hasASCIIPrefix(destination, "mailto:")
    }

    /// `destination` as a reader sees it: percent-encoded like ``encoded(_:)``, without `mailto:`.
    static func displayText(for destination: String) -> String {
        let encoded = encoded(destination)
        guard isMailAddress(encoded) else { return encoded }
        return String(String.UnicodeScalarView(encoded.unicodeScalars.dropFirst("mailto:".unicodeScalars.count)))
    }

    /// `destination` with whitespace, control characters, `"`, `<`, `>` and backticks
    /// percent-encoded as UTF-8, so that it is one word in text and one token in an attribute.
    static func encoded(_ destination: String) -> String {
        var result = ""
        for scalar in destination.unicodeScalars {
            let value = scalar.value
            let isUnsafe =
                value <= 0x20 || (0x7F...0x9F).contains(value) || scalar.properties.isWhitespace
                || scalar == "\"" || scalar == "<" || scalar == ">" || scalar == "`"
            guard isUnsafe else {
                result.unicodeScalars.append(scalar)
                continue
            }
            for byte in String(scalar).utf8 {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }

    /// Whether the first scalars of `string` equal the lower-case ASCII `prefix`, ignoring ASCII case.
    private static func hasASCIIPrefix(_ string: String, _ prefix: String) -> Bool {
        var scalars = string.unicodeScalars.makeIterator()
        for expected in prefix.unicodeScalars {
            guard let scalar = scalars.next(), scalar.isASCII else { return false }
            let lowered = (0x41...0x5A).contains(scalar.value) ? scalar.value | 0x20 : scalar.value
            guard lowered == expected.value else { return false }
        }
        return true
    }
}
