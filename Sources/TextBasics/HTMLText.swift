/// Text into HTML and XML, and HTML back into text: the one escaper every page, message and feed uses.
package enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, scalar by scalar: safe
    /// in an HTML body or a quoted attribute.
    package static func escape(_ text: String) -> String {
        // Most values (an address, a link, a name) need nothing: a scan of the bytes, not a copy.
        guard text.utf8.contains(where: needsEscaping) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            append(scalar, to: &result)
        }
        return String(result)
    }

    /// `text` escaped as ``escape(_:)`` does, safe in XML character data and attributes: the
    /// characters XML 1.0 forbids (controls but TAB, CR and LF; U+FFFE and U+FFFF) are dropped.
    package static func escapeForXML(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: result.append(scalar)
            case 0..<0x20, 0xFFFE, 0xFFFF: continue
            default: append(scalar, to: &result)
            }
        }
        return String(result)
    }

    /// Whether `byte` is one of the five characters ``escape(_:)`` replaces.
    private static func needsEscaping(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        default: false
        }
    }

    private static func append(_ scalar: Unicode.Scalar, to result: inout String.UnicodeScalarView) {
        switch scalar {
        case "&": result.append(contentsOf: "&amp;".unicodeScalars)
        case "<": result.append(contentsOf: "&lt;".unicodeScalars)
        case ">": result.append(contentsOf: "&gt;".unicodeScalars)
        case "\"": result.append(contentsOf: "&quot;".unicodeScalars)
        case "'": result.append(contentsOf: "&#39;".unicodeScalars)
        default: result.append(scalar)
        }
    }
}
