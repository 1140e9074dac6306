import Foundation

/// Decodes single RFC 2047 encoded words for tests, so each word can be
/// checked on its own (valid UTF-8, whole grapheme clusters).
enum EncodedWordDecoder {
    /// The bytes of one `=?UTF-8?Q?…?=` or `=?UTF-8?B?…?=` word, or `nil` if it is malformed.
    static func decode(_ word: Substring) -> [UInt8]? {
        let prefixLength = "=?UTF-8?Q?".count
        guard word.count > prefixLength + 2, word.hasSuffix("?="),
            word.uppercased().hasPrefix("=?UTF-8?")
        else { return nil }
        let scheme = word.dropFirst(8).prefix(1).uppercased()
        let payload = word.dropFirst(prefixLength).dropLast(2)
        switch scheme {
        case "B":
            return Data(base64Encoded: String(payload)).map { Array($0) }
        case "Q":
            var bytes: [UInt8] = []
            var iterator = Array(payload.utf8).makeIterator()
            while let byte = iterator.next() {
                switch byte {
                case UInt8(ascii: "_"):
                    bytes.append(0x20)
                case UInt8(ascii: "="):
                    guard let high = iterator.next(), let low = iterator.next(),
                        let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                    else { return nil }
                    bytes.append(value)
                case UInt8(ascii: "?"), UInt8(ascii: " "):
                    return nil
                default:
                    bytes.append(byte)
                }
            }
            return bytes
        default:
            return nil
        }
    }
}
