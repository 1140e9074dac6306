import MIME
import TextBasics

/// RFC 3463 enhanced status codes (`5.1.1`) and RFC 5321 reply codes found in free text.
package enum StatusCode {
    /// The first `X.Y.Z` status (X in 2, 4, 5) in `text`, or `nil`.
    package static func enhanced(in text: some StringProtocol) -> String? {
        enhanced(in: text, classes: Array("245".utf8))
    }

    /// The first failure status (`4.Y.Z` or `5.Y.Z`) in `text`, or `nil`: what a bounce's free text
    /// may name, where a `2.0.12` is more likely a version number than a success.
    package static func failure(in text: some StringProtocol) -> String? {
        enhanced(in: text, classes: Array("45".utf8))
    }

    private static func enhanced(in text: some StringProtocol, classes: [UInt8]) -> String? {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if classes.contains(byte),
                index == 0 || !isWordByte(bytes[index - 1]) && bytes[index - 1] != UInt8(ascii: ".")
            {
                if let end = match(bytes, from: index) { return String(decoding: bytes[index..<end], as: UTF8.self) }
            }
            index += 1
        }
        return nil
    }

    /// The first three-digit SMTP reply code (4xx or 5xx) standing alone in `text`, or `nil`.
    package static func reply(in text: some StringProtocol) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 3 else { return nil }
        for index in 0...(bytes.count - 3) {
            let first = bytes[index]
            guard first == UInt8(ascii: "4") || first == UInt8(ascii: "5"),
                isDigit(bytes[index + 1]), isDigit(bytes[index + 2]),
                index == 0 || !isWordByte(bytes[index - 1]) && bytes[index - 1] != UInt8(ascii: "."),
                index + 3 == bytes.count || bytes[index + 3] == 0x20 || bytes[index + 3] == UInt8(ascii: "-")
            else { continue }
            return Int(bytes[index] - 48) * 100 + Int(bytes[index + 1] - 48) * 10 + Int(bytes[index + 2] - 48)
        }
        return nil
    }

    private static func match(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start + 1
        guard index < bytes.count, bytes[index] == UInt8(ascii: ".") else { return nil }
        index += 1
        for part in 0..<2 {
            let digitsStart = index
            while index < bytes.count, isDigit(bytes[index]), index - digitsStart < 3 { index += 1 }
            guard index > digitsStart else { return nil }
            if part == 0 {
                guard index < bytes.count, bytes[index] == UInt8(ascii: ".") else { return nil }
                index += 1
            }
        }
        if index < bytes.count,
            isDigit(bytes[index])
                || bytes[index] == UInt8(ascii: ".") && index + 1 < bytes.count && isDigit(bytes[index + 1])
        {
            return nil
        }
        return index
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isWordByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }
}
