import TextBasics

/// An `application/x-www-form-urlencoded` body, as a form posts it.
package enum FormBody {
    /// One field: a name and its value.
    package typealias Pair = (name: String, value: String)

    /// The body's name and value pairs in order (a checkbox group repeats its name), or `nil` when
    /// an escape is malformed or the bytes are not UTF-8.
    package static func pairs(_ body: [UInt8]) -> [Pair]? {
        var pairs: [Pair] = []
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : []) else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    /// Percent- and `+`-decoded UTF-8 text, or `nil` for a bad escape or bytes that are not UTF-8.
    private static func decode(_ bytes: some Collection<UInt8>) -> String? {
        var output: [UInt8] = []
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let high = bytes.index(after: index)
                guard high != bytes.endIndex else { return nil }
                let low = bytes.index(after: high)
                guard low != bytes.endIndex, let h = Hex.value(of: bytes[high]), let l = Hex.value(of: bytes[low])
                else { return nil }
                output.append(h << 4 | l)
                index = bytes.index(after: low)
                continue
            }
            output.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index = bytes.index(after: index)
        }
        return String(validating: output, as: UTF8.self)
    }
}
