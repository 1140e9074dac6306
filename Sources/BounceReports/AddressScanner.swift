import MIME
import TextBasics

/// Finds email addresses in free text (bounce texts, DSN fields), lower-cased and cleaned.
///
/// Cleaning takes off what mail systems wrap around an address: quotes (`'reader@example.org'`),
/// an X.400 or Exchange `SMTP=` prefix, trailing dots and hyphens; a local part with two dots in a
/// row or a dot at its end (a redacted `david...@example.com`) is no address at all, and a domain
/// ends where two dots meet (`reader@example.org...User unknown`).
package enum AddressScanner {
    /// One address found in a text, and where it starts (a byte offset into the text).
    package struct Occurrence: Sendable, Equatable {
        package var address: String
        package var offset: Int
    }

    /// The addresses in `text`, in order of first appearance, at most `limit`.
    package static func addresses(in text: some StringProtocol, limit: Int = 50) -> [String] {
        var found: [String] = []
        for occurrence in occurrences(in: Array(text.utf8), limit: limit * 4)
        where !found.contains(occurrence.address) {
            found.append(occurrence.address)
            if found.count == limit { break }
        }
        return found
    }

    /// Every address in `bytes`, with its offset, in order (repeats included), at most `limit`.
    package static func occurrences(in bytes: [UInt8], limit: Int = 200) -> [Occurrence] {
        var found: [Occurrence] = []
        var index = 0
        while index < bytes.count, found.count < limit {
            guard bytes[index] == UInt8(ascii: "@") else {
                index += 1
                continue
            }
            var start = index
            while start > 0, index - start < 128, isLocalByte(bytes[start - 1]) { start -= 1 }
            var end = index + 1
            while end < bytes.count, end - index < 256, isDomainByte(bytes[end]),
                !(bytes[end] == UInt8(ascii: ".") && bytes[end - 1] == UInt8(ascii: "."))
            {
                end += 1
            }
            while end > index + 1, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-") {
                end -= 1
            }
            start = cleanedStart(bytes, start: start, at: index)
            if let address = address(bytes, start: start, at: index, end: end) {
                found.append(Occurrence(address: address, offset: start))
            }
            index = max(end, index + 1)
        }
        return found
    }

    /// The address of an RFC 3464 address field (`rfc822; reader@example.org`), or `nil`.
    package static func typedAddress(_ value: String?) -> String? {
        guard let value else { return nil }
        let address = value.split(separator: ";", maxSplits: 1).last.map(String.init) ?? value
        return addresses(in: address, limit: 1).first
    }

    /// Where the local part really starts: past leading dots, quotes and an `SMTP=` prefix.
    private static func cleanedStart(_ bytes: [UInt8], start: Int, at: Int) -> Int {
        var start = start
        while start < at, [UInt8(ascii: "."), UInt8(ascii: "'"), UInt8(ascii: "`")].contains(bytes[start]) {
            start += 1
        }
        let prefix = Array("smtp=".utf8)
        if at - start > prefix.count, zip(bytes[start...], prefix).allSatisfy({ ASCII.lowercased($0) == $1 }) {
            start += prefix.count
        }
        return start
    }

    /// The lower-cased address of `bytes[start..<end]` with its `@` at `at`, or `nil` when it is none.
    private static func address(_ bytes: [UInt8], start: Int, at: Int, end: Int) -> String? {
        guard start < at else { return nil }
        let local = bytes[start..<at]
        let dot = UInt8(ascii: ".")
        guard local.last != dot, !zip(local, local.dropFirst()).contains(where: { $0 == dot && $1 == dot }) else {
            return nil
        }
        let domain = bytes[(at + 1)..<end]
        guard domain.contains(dot), domain.first != dot else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
    }

    private static func isLocalByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            localSymbols.contains(byte)
        }
    }

    private static let localSymbols = Array("!#$%&'*+-/=?^_`{|}~.".utf8)

    private static func isDomainByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."):
            true
        default: false
        }
    }
}
