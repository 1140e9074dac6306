/// Byte values and character classes of US-ASCII, shared by the MIME, Markdown and report code.
///
/// All checks work on UTF-8 bytes, never on `Character`s, so they are cheap
/// enough for the per-recipient path.
package enum ASCII {
    package static let tab: UInt8 = 0x09
    package static let lineFeed: UInt8 = 0x0A
    package static let carriageReturn: UInt8 = 0x0D
    package static let space: UInt8 = 0x20
    package static let quote: UInt8 = 0x22
    package static let hyphen: UInt8 = 0x2D
    package static let dot: UInt8 = 0x2E
    package static let colon: UInt8 = 0x3A
    package static let lessThan: UInt8 = 0x3C
    package static let equals: UInt8 = 0x3D
    package static let greaterThan: UInt8 = 0x3E
    package static let questionMark: UInt8 = 0x3F
    package static let at: UInt8 = 0x40
    package static let backslash: UInt8 = 0x5C
    package static let underscore: UInt8 = 0x5F
    package static let delete: UInt8 = 0x7F

    /// `true` for SPACE and TAB, the white space that header folding may use.
    @inline(__always)
    package static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// `true` for the C0 controls and DEL.
    @inline(__always)
    package static func isControl(_ byte: UInt8) -> Bool {
        byte < space || byte == delete
    }

    /// `true` for A–Z, a–z and 0–9.
    @inline(__always)
    package static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// `true` for RFC 5322 `atext`: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    @inline(__always)
    package static func isAtext(_ byte: UInt8) -> Bool {
        if isAlphanumeric(byte) { return true }
        switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"),
            UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "?"),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "{"),
            UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Lower-cases A–Z and leaves every other byte alone (no locale involved).
    @inline(__always)
    package static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }

    /// Renders `text` for an error message: quoted, with control characters
    /// shown as escapes (`\r`, `\n`, `\u{0}`) so the message stays on one line.
    package static func quotedForMessage(_ text: some StringProtocol) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0)
                    || scalar.value == 0x2028 || scalar.value == 0x2029
                {
                    result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
