extension Unicode.Scalar {
    /// The scalar's code point as messages name it: `U+7`, `U+2028` (hexadecimal, upper case).
    package var codePoint: String { "U+" + String(value, radix: 16, uppercase: true) }

    /// A readable name for a control character in a message: "a line feed (LF)", "the control
    /// character U+7".
    package var controlName: String {
        switch value {
        case 0x0A: "a line feed (LF)"
        case 0x0D: "a carriage return (CR)"
        case 0x00: "a NUL byte"
        case 0x09: "a tab"
        default: "the control character \(codePoint)"
        }
    }
}
