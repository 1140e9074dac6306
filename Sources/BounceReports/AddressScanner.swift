import MIME
import TextBasics

/// Finds email addresses in free text (bounce texts, DSN fields), lower-cased and de-duplicated.
package enum AddressScanner {
    /// The addresses in `text`, in order of first appearance, at most `limit`.
    package static func addresses(in text: some StringProtocol, limit: Int = 50) -> [String] {
        var found: [String] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count, found.count < limit {
            guard bytes[index] == UInt8(ascii: "@") else {
                index += 1
                continue
            }
            var start = index
            while start > 0, isLocalByte(bytes[start - 1]) { start -= 1 }
            var end = index + 1
            while end < bytes.count, isDomainByte(bytes[end]) { end += 1 }
            while end > index + 1, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-") {
                end -= 1
            }
            while start < index, bytes[start] == UInt8(ascii: ".") { start += 1 }
            let domain = bytes[(index + 1)..<end]
            if start < index, domain.contains(UInt8(ascii: ".")), domain.first != UInt8(ascii: ".") {
                let address = String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
                if !found.contains(address) { found.append(address) }
            }
            index = end
        }
        return found
    }

    /// The address of an RFC 3464 address field (`rfc822; reader@example.org`), or `nil`.
    package static func typedAddress(_ value: String?) -> String? {
        guard let value else { return nil }
        let address = value.split(separator: ";", maxSplits: 1).last.map(String.init) ?? value
        return addresses(in: address, limit: 1).first
    }

    private static func isLocalByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-/=?^_`{|}~.".utf8).contains(byte)
        }
    }

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
