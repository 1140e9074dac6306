import TextBasics

extension HeaderField {
    /// The field as it goes on the wire: `Name: value` and CRLF, folded.
    ///
    /// See ``encoded(into:)`` for the folding rules.
    package var encoded: String {
        var output: [UInt8] = []
        encoded(into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends `Name: value` and CRLF to `output`, folded so that lines are at
    /// most 78 characters where possible.
    ///
    /// Folding inserts CRLF before a run of white space inside the value
    /// (never right after the colon, and never where only white space would
    /// follow), so unfolding (removing the CRLFs) gives back the value. A
    /// single word longer than a line stays whole on its own line; ``init(_:_:)``
    /// guarantees that no line exceeds 998 characters.
    package func encoded(into output: inout [UInt8]) {
        output.append(contentsOf: name.utf8)
        output.append(ASCII.colon)
        output.append(ASCII.space)
        let done: Void? = value.utf8.withContiguousStorageIfAvailable { bytes in
            appendFolded(bytes, firstLineUsed: name.utf8.count + 2, to: &output)
        }
        if done == nil {
            Array(value.utf8).withUnsafeBufferPointer { bytes in
                appendFolded(bytes, firstLineUsed: name.utf8.count + 2, to: &output)
            }
        }
        output.append(ASCII.carriageReturn)
        output.append(ASCII.lineFeed)
    }

    /// Appends `value`, breaking lines greedily at the last fold point that
    /// keeps a line within 78 characters, or at the first fold point after an
    /// over-long word.
    private func appendFolded(_ value: UnsafeBufferPointer<UInt8>, firstLineUsed: Int, to output: inout [UInt8]) {
        let limit = Self.preferredLineLength
        guard firstLineUsed + value.count > limit else {
            output.append(contentsOf: value)
            return
        }
        let lastNonWhitespace = Self.lastNonWhitespaceIndex(in: value)
        var lineStart = 0  // where the current line's part of `value` begins
        var lineOffset = firstLineUsed  // characters on the current line before `lineStart`
        var foldPoint = -1  // the latest fold point on the current line, if any
        for index in 0..<value.count {
            if Self.isFoldPoint(value, at: index, lastNonWhitespace: lastNonWhitespace) {
                if lineOffset + index - lineStart > limit {
                    // The line holds one over-long word: end it right here.
                    appendLine(value, from: lineStart, to: index, into: &output)
                    lineStart = index
                    lineOffset = 0
                    foldPoint = -1
                } else {
                    foldPoint = index
                }
            }
            if lineOffset + index + 1 - lineStart > limit && foldPoint > lineStart {
                appendLine(value, from: lineStart, to: foldPoint, into: &output)
                lineStart = foldPoint
                lineOffset = 0
                foldPoint = -1
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: value[lineStart...]))
    }

    /// Appends `value[from..<to]` and a CRLF (the fold).
    @inline(__always)
    private func appendLine(
        _ value: UnsafeBufferPointer<UInt8>,
        from start: Int,
        to end: Int,
        into output: inout [UInt8]
    ) {
        output.append(contentsOf: UnsafeBufferPointer(rebasing: value[start..<end]))
        output.append(ASCII.carriageReturn)
        output.append(ASCII.lineFeed)
    }

    /// `true` where a fold (CRLF) may go: before white space that follows a
    /// non-white byte and precedes a later non-white byte, so that no line
    /// ends in white space or consists of it, and never at the value's start.
    @inline(__always)
    static func isFoldPoint(_ value: UnsafeBufferPointer<UInt8>, at index: Int, lastNonWhitespace: Int) -> Bool {
        index > 0 && index < lastNonWhitespace && ASCII.isWhitespace(value[index])
            && !ASCII.isWhitespace(value[index - 1])
    }

    /// The index of the last byte that is not SPACE or TAB, or -1.
    static func lastNonWhitespaceIndex(in value: UnsafeBufferPointer<UInt8>) -> Int {
        var index = value.count - 1
        while index >= 0 && ASCII.isWhitespace(value[index]) {
            index -= 1
        }
        return index
    }
}
