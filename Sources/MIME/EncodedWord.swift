import TextBasics

/// RFC 2047 encoded words (`=?UTF-8?Q?…?=` / `=?UTF-8?B?…?=`) for non-ASCII
/// header text such as a Subject or a display name.
package enum EncodedWord {
    /// The longest encoded word RFC 2047 allows.
    static let maximumWordLength = 75
    /// Characters of a word that are not payload: `=?UTF-8?Q?` and `?=`.
    static let wordOverhead = 12
    /// The shortest first-word limit honoured: room for one 4-byte scalar, Q-encoded.
    static let minimumWordLength = wordOverhead + 12

    /// Returns `text` itself when it is printable ASCII without `=?`;
    /// otherwise the whole text as UTF-8 encoded words separated by single spaces.
    ///
    /// Every word is at most 75 characters. Words never split a UTF-8
    /// sequence, and never split a grapheme cluster (an accented letter, an
    /// emoji ZWJ sequence) that fits in one word. Spaces in the text are
    /// carried inside the words, because decoders drop the space between two
    /// encoded words; the separating spaces are places where a header can be
    /// folded. Each text is encoded with Q (safe for phrases: only letters,
    /// digits and `!*+-/` stay literal, space becomes `_`) or with B,
    /// whichever gives the shorter result.
    package static func encodeIfNeeded(_ text: String) -> String {
        encodeIfNeeded(text, firstWordLimit: maximumWordLength)
    }

    /// Like ``encodeIfNeeded(_:)``, but the first word is at most
    /// `firstWordLimit` characters (clamped to 24…75), so it can share the
    /// first header line with the field name.
    static func encodeIfNeeded(_ text: String, firstWordLimit: Int) -> String {
        guard needsEncoding(text) else { return text }
        let bytes = Array(text.utf8)
        var clusterLengths: [Int] = []
        clusterLengths.reserveCapacity(bytes.count)
        for character in text {
            clusterLengths.append(character.utf8.count)
        }
        let firstLimit = min(max(firstWordLimit, minimumWordLength), maximumWordLength)
        let qWords = encodedWords(bytes, clusterLengths: clusterLengths, scheme: .q, firstWordLimit: firstLimit)
        let bWords = encodedWords(bytes, clusterLengths: clusterLengths, scheme: .b, firstWordLimit: firstLimit)
        return String(decoding: qWords.count <= bWords.count ? qWords : bWords, as: UTF8.self)
    }

    /// `true` unless `text` is printable ASCII (SPACE…`~`) without an `=?`
    /// that a decoder could mistake for the start of an encoded word.
    static func needsEncoding(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte < ASCII.space || byte >= ASCII.delete { return true }
            if previous == ASCII.equals && byte == ASCII.questionMark { return true }
            previous = byte
        }
        return false
    }
}
