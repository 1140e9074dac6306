/// Byte-to-text helpers that never fail: invalid UTF-8 is read as Latin-1.
package enum Text {
    /// `bytes` as UTF-8 when valid, else as Latin-1 (every byte a character).
    package static func string(_ bytes: some Collection<UInt8>) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(bytes.map { Character(Unicode.Scalar($0)) })
    }

    /// `bytes` in `charset`: UTF-8, US-ASCII and Latin-1 family are decoded, anything else (or a
    /// wrong declaration) falls back to ``string(_:)``.
    package static func string(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        switch charset?.lowercased() {
        case "iso-8859-1", "latin1", "windows-1252", "cp1252", "iso-8859-15":
            if let text = String(validating: bytes, as: UTF8.self), bytes.contains(where: { $0 >= 0x80 }) {
                return text
            }
            return String(bytes.map { Character(Unicode.Scalar($0)) })
        default:
            return string(bytes)
        }
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs, CR and LF.
    package func trimmingASCIISpace() -> String {
        let scalars = unicodeScalars
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n"
        }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
