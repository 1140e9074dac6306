/// A strict quoted-printable decoder and checker for tests.
///
/// `decode` undoes RFC 2045 §6.7 encoding (hard CRLF stays CRLF, `=\r\n`
/// disappears, `=XX` becomes the byte). `problems` lists every way the
/// encoded text breaks the rules our encoder promises.
enum QuotedPrintableDecoder {
    /// The bytes `encoded` stands for, or `nil` if it has a malformed escape.
    static func decode(_ encoded: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        var index = 0
        while index < encoded.count {
            let byte = encoded[index]
            if byte == UInt8(ascii: "=") {
                guard index + 2 < encoded.count else { return nil }
                if encoded[index + 1] == 0x0D && encoded[index + 2] == 0x0A {
                    index += 3
                    continue
                }
                guard let high = hexValue(encoded[index + 1]), let low = hexValue(encoded[index + 2]) else {
                    return nil
                }
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// Decodes `encoded` as UTF-8 text.
    static func decodeText(_ encoded: [UInt8]) -> String? {
        decode(encoded).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every rule `encoded` breaks: line length over 76, bare CR or LF,
    /// trailing white space, bytes that must be encoded, lower-case or
    /// malformed escapes, unprotected leading `.` or `From `.
    static func problems(_ encoded: [UInt8]) -> [String] {
        var problems: [String] = []
        for (number, slice) in MessageLines.split(encoded, problems: &problems).enumerated() {
            let line = Array(slice)
            let place = "line \(number + 1)"
            if line.count > 76 { problems.append("\(place) has \(line.count) characters") }
            if let last = line.last, last == 0x20 || last == 0x09 {
                problems.append("\(place) ends with white space")
            }
            if line.first == UInt8(ascii: ".") { problems.append("\(place) starts with a dot") }
            if line.starts(with: Array("From ".utf8)) { problems.append("\(place) starts with From") }
            var index = 0
            while index < line.count {
                let byte = line[index]
                if byte == UInt8(ascii: "=") {
                    if index == line.count - 1 { break }  // soft line break
                    guard index + 2 < line.count,
                        isUpperHex(line[index + 1]), isUpperHex(line[index + 2])
                    else {
                        problems.append("\(place) has a malformed escape at column \(index + 1)")
                        break
                    }
                    index += 3
                    continue
                }
                if !(byte == 0x20 || byte == 0x09 || (byte >= 33 && byte <= 126)) {
                    problems.append("\(place) has the raw byte \(byte)")
                }
                index += 1
            }
        }
        return problems
    }

    private static func isUpperHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}
