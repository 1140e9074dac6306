import TestSupport

/// Inputs for property-style tests: random texts built from pieces that hit
/// the tricky cases of quoted-printable and encoded words.
enum TextSamples {
    /// Pieces a random text is made of: white space, every kind of line
    /// break, `=`, a line-initial `.` and `From `, multi-byte UTF-8 and long words.
    static let pieces: [String] = [
        "a", "Z", "0", " ", "  ", "\t", "\n", "\r\n", "\r", "=", "==", ".", "From ", "From", "F", "?", "_",
        "é", "Ä", "€", "😀", "👨‍👩‍👧‍👦", "🇬🇧", "e\u{301}", "\u{0}", "\u{7F}", "~", "<p>", "word ",
        String(repeating: "w", count: 80), String(repeating: "é", count: 30), String(repeating: " ", count: 5),
    ]

    /// A random text of up to `maximumPieces` pieces.
    static func randomText(maximumPieces: Int = 60, using generator: inout SeededGenerator) -> String {
        let count = Int.random(in: 0...maximumPieces, using: &generator)
        var text = ""
        for _ in 0..<count {
            text += pieces.randomElement(using: &generator) ?? ""
        }
        return text
    }

    /// `bytes` with every LF that is not after a CR turned into CRLF: what
    /// quoted-printable line breaks decode to.
    static func normalizingLineBreaks(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == 0x0A && previous != 0x0D {
                output.append(0x0D)
            }
            output.append(byte)
            previous = byte
        }
        return output
    }

    /// `text` with line breaks normalized to CRLF.
    static func normalizingLineBreaks(_ text: String) -> String {
        String(decoding: normalizingLineBreaks(Array(text.utf8)), as: UTF8.self)
    }
}
