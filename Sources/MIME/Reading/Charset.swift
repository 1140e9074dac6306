/// Bytes of a received message as text, never failing: what is not valid UTF-8 is read as Latin-1.
package enum Charset {
    /// `bytes` as UTF-8 when valid, else as Latin-1 (every byte a character).
    package static func decode(_ bytes: some Collection<UInt8>) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return latin1(bytes)
    }

    /// `bytes` in `charset`: UTF-8, US-ASCII and the Latin-1 family are decoded; anything else (or a
    /// wrong declaration) falls back to ``decode(_:)``.
    package static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        switch charset?.lowercased() {
        case "iso-8859-1", "latin1", "windows-1252", "cp1252", "iso-8859-15":
            // Declared Latin-1 but valid UTF-8 with non-ASCII bytes: the declaration is the mistake.
            if bytes.contains(where: { $0 >= 0x80 }), let text = String(validating: bytes, as: UTF8.self) {
                return text
            }
            return latin1(bytes)
        default:
            return decode(bytes)
        }
    }

    /// Latin-1 transcoded to UTF-8 byte by byte: two bytes for each one over 0x7F, no `Character`s built.
    private static func latin1(_ bytes: some Collection<UInt8>) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                utf8.append(byte)
            } else {
                utf8.append(0xC0 | byte >> 6)
                utf8.append(0x80 | byte & 0x3F)
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}
