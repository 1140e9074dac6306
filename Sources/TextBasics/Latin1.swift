/// The Latin-1 family (ISO 8859-1, windows-1252 and the names they go by) to UTF-8, byte by byte,
/// for mail and feeds that declare it or are not UTF-8.
///
/// Read as browsers read it (the WHATWG Encoding Standard): the bytes 0x80–0x9F are windows-1252's
/// punctuation (curly quotes, dashes, the euro sign) rather than control characters, since text
/// labelled Latin-1 is nearly always windows-1252.
package enum Latin1 {
    /// The charset names read as this family, lowercased.
    package static let names = ["iso-8859-1", "latin1", "windows-1252", "cp1252", "iso-8859-15"]

    /// `bytes` as UTF-8: linear, no `Character`s built.
    package static func utf8(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            let scalar: UInt32 =
                (0x80...0x9F).contains(byte) ? windows1252[Int(byte - 0x80)] : UInt32(byte)
            switch scalar {
            case ..<0x80:
                utf8.append(UInt8(scalar))
            case ..<0x800:
                utf8.append(UInt8(0xC0 | scalar >> 6))
                utf8.append(UInt8(0x80 | scalar & 0x3F))
            default:
                utf8.append(UInt8(0xE0 | scalar >> 12))
                utf8.append(UInt8(0x80 | scalar >> 6 & 0x3F))
                utf8.append(UInt8(0x80 | scalar & 0x3F))
            }
        }
        return utf8
    }

    /// `bytes` as a string.
    package static func decode(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: utf8(bytes), as: UTF8.self)
    }

    /// What windows-1252 puts at 0x80–0x9F; its five unassigned bytes stay the code point they are.
    private static let windows1252: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
