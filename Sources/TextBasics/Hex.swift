/// Hexadecimal digits both ways: the one place where bytes become hex digits and digits become bytes.
package enum Hex {
    /// Upper-case digits, as quoted-printable, encoded words and percent-encoding require.
    package static let upperDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
    /// Lower-case digits, for digests and signatures.
    package static let lowerDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `byte` as two upper-case digits.
    @inline(__always)
    package static func appendUpper(_ byte: UInt8, to output: inout [UInt8]) {
        output.append(upperDigits[Int(byte >> 4)])
        output.append(upperDigits[Int(byte & 0x0F)])
    }

    /// Appends `value` as exactly `digits` upper-case digits.
    package static func append(_ value: UInt64, digits: Int, to output: inout [UInt8]) {
        var shift = (digits - 1) * 4
        while shift >= 0 {
            output.append(upperDigits[Int((value >> UInt64(shift)) & 0xF)])
            shift -= 4
        }
    }

    /// `bytes` as lower-case hex, two digits a byte.
    package static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            digits.append(lowerDigits[Int(byte >> 4)])
            digits.append(lowerDigits[Int(byte & 0x0F)])
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// The value of one hex digit in either case, or `nil`.
    @inline(__always)
    package static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The bytes `text` spells in hex (either case), or `nil` for an odd count or a character that is no digit.
    package static func bytes(_ text: some StringProtocol) -> [UInt8]? {
        var result: [UInt8] = []
        var high: UInt8?
        for digit in text.utf8 {
            guard let value = value(of: digit) else { return nil }
            if let first = high {
                result.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return high == nil ? result : nil
    }
}
