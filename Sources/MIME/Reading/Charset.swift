import TextBasics

/// Bytes of a received message as text, never failing: what is not valid UTF-8 is read as Latin-1.
package enum Charset {
    /// `bytes` as UTF-8 when valid, else as Latin-1 (read as browsers do: see ``Latin1``).
    package static func decode(_ bytes: some Collection<UInt8>) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return Latin1.decode(bytes)
    }

    /// `bytes` in `charset`: UTF-8, US-ASCII and the Latin-1 family are decoded; anything else (or a
    /// wrong declaration) falls back to ``decode(_:)``.
    package static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        switch charset?.lowercased() {
        case let name? where Latin1.names.contains(name):
            // Declared Latin-1 but valid UTF-8 with non-ASCII bytes: the declaration is the mistake.
            if bytes.contains(where: { $0 >= 0x80 }), let text = String(validating: bytes, as: UTF8.self) {
                return text
            }
            return Latin1.decode(bytes)
        default:
            return decode(bytes)
        }
    }
}
