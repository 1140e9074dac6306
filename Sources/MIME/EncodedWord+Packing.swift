import TextBasics

extension EncodedWord {
    /// The two RFC 2047 encodings.
    enum Scheme {
        /// Q: mostly readable ASCII with `=XX` escapes; cheap for Latin text.
        case q
        /// B: base64; cheaper for text that is mostly non-ASCII (CJK, emoji).
        case b

        /// The letter between the `?`s of the word.
        var letter: UInt8 { self == .q ? UInt8(ascii: "Q") : UInt8(ascii: "B") }
    }

    /// Packs `bytes` greedily into encoded words of `scheme`, a grapheme
    /// cluster at a time (a scalar at a time for a cluster too big for a
    /// word), and returns the words separated by single spaces.
    static func encodedWords(
        _ bytes: [UInt8],
        clusterLengths: [Int],
        scheme: Scheme,
        firstWordLimit: Int
    ) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 + bytes.count / 4 + wordOverhead)
        var word = WordBuilder(scheme: scheme, capacity: firstWordLimit - wordOverhead)
        var clusterStart = 0
        for length in clusterLengths {
            let cluster = clusterStart..<(clusterStart + length)
            clusterStart += length
            if word.append(bytes[cluster]) { continue }
            if !word.isEmpty {
                word.write(into: &output)
                word = WordBuilder(scheme: scheme, capacity: maximumWordLength - wordOverhead)
            }
            if word.append(bytes[cluster]) { continue }
            // The cluster alone does not fit in a word: split it between scalars.
            var scalarStart = cluster.lowerBound
            while scalarStart < cluster.upperBound {
                var scalarEnd = scalarStart + 1
                while scalarEnd < cluster.upperBound && bytes[scalarEnd] & 0xC0 == 0x80 {
                    scalarEnd += 1
                }
                if !word.append(bytes[scalarStart..<scalarEnd]) {
                    // A scalar (at most 4 bytes) always fits in an empty word of at least minimumWordLength.
                    if !word.isEmpty { word.write(into: &output) }
                    word = WordBuilder(scheme: scheme, capacity: maximumWordLength - wordOverhead)
                    _ = word.append(bytes[scalarStart..<scalarEnd])
                }
                scalarStart = scalarEnd
            }
        }
        if !word.isEmpty {
            word.write(into: &output)
        }
        return output
    }

    /// The bytes of one encoded word being filled, with the payload length they need.
    struct WordBuilder {
        let scheme: Scheme
        /// Payload characters the word may hold.
        let capacity: Int
        private(set) var bytes: [UInt8] = []
        /// Q payload length of `bytes` (unused for B).
        private var qLength = 0

        init(scheme: Scheme, capacity: Int) {
            self.scheme = scheme
            self.capacity = capacity
        }

        var isEmpty: Bool { bytes.isEmpty }

        /// Adds `chunk` if the word still fits its capacity; returns whether it did.
        mutating func append(_ chunk: ArraySlice<UInt8>) -> Bool {
            switch scheme {
            case .q:
                var added = 0
                for byte in chunk { added += EncodedWord.isQLiteral(byte) ? 1 : 3 }
                guard qLength + added <= capacity else { return false }
                qLength += added
            case .b:
                guard (bytes.count + chunk.count + 2) / 3 * 4 <= capacity else { return false }
            }
            bytes.append(contentsOf: chunk)
            return true
        }

        /// Appends the finished word to `output`, after a separating space if `output` is not empty.
        func write(into output: inout [UInt8]) {
            if !output.isEmpty { output.append(ASCII.space) }
            output.append(contentsOf: "=?UTF-8?".utf8)
            output.append(scheme.letter)
            output.append(ASCII.questionMark)
            switch scheme {
            case .q: EncodedWord.appendQ(bytes, to: &output)
            case .b: EncodedWord.appendBase64(bytes, to: &output)
            }
            output.append(ASCII.questionMark)
            output.append(ASCII.equals)
        }
    }

    /// `true` for the bytes Q may carry as themselves in a phrase (RFC 2047
    /// §5(3)): letters, digits and `!*+-/`; SPACE is written as `_`.
    @inline(__always)
    static func isQLiteral(_ byte: UInt8) -> Bool {
        if ASCII.isAlphanumeric(byte) || byte == ASCII.space { return true }
        switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }

    /// Appends the Q payload for `bytes`.
    static func appendQ(_ bytes: [UInt8], to output: inout [UInt8]) {
        for byte in bytes {
            if byte == ASCII.space {
                output.append(ASCII.underscore)
            } else if isQLiteral(byte) {
                output.append(byte)
            } else {
                output.append(ASCII.equals)
                Hex.appendUpper(byte, to: &output)
            }
        }
    }

    private static let base64Alphabet: [UInt8] =
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends `bytes` in base64 with `=` padding.
    static func appendBase64(_ bytes: [UInt8], to output: inout [UInt8]) {
        var index = 0
        while index < bytes.count {
            let remaining = bytes.count - index
            let first = UInt32(bytes[index])
            let second = remaining > 1 ? UInt32(bytes[index + 1]) : 0
            let third = remaining > 2 ? UInt32(bytes[index + 2]) : 0
            let group = first << 16 | second << 8 | third
            output.append(base64Alphabet[Int(group >> 18 & 0x3F)])
            output.append(base64Alphabet[Int(group >> 12 & 0x3F)])
            output.append(remaining > 1 ? base64Alphabet[Int(group >> 6 & 0x3F)] : ASCII.equals)
            output.append(remaining > 2 ? base64Alphabet[Int(group & 0x3F)] : ASCII.equals)
            index += 3
        }
    }
}
