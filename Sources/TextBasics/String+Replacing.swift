extension String {
    /// The text with every occurrence of `target` replaced by `replacement`, left to right, compared
    /// byte for byte in UTF-8.
    ///
    /// Foundation's `replacingOccurrences(of:with:)` bridges through `NSString` and UTF-16: it was
    /// 15% of a one-reader send. A byte match is a whole-character match here: UTF-8 is
    /// self-synchronising, so a valid `target` can only start and end on a scalar boundary. Unlike
    /// Foundation, canonically equivalent spellings (a composed and a decomposed é) do not match;
    /// the targets this package replaces are markup and line ends.
    package func replacingEvery(_ target: String, with replacement: String) -> String {
        let needle = Array(target.utf8)
        guard let lead = needle.first else { return self }
        var copy = self
        return copy.withUTF8 { text -> String in
            var result: [UInt8] = []
            var start = 0  // of the text not yet copied
            var index = 0
            let end = text.count - needle.count
            while index <= end {
                if text[index] == lead && (1..<needle.count).allSatisfy({ text[index + $0] == needle[$0] }) {
                    if result.isEmpty { result.reserveCapacity(text.count) }
                    result.append(contentsOf: text[start..<index])
                    result.append(contentsOf: replacement.utf8)
                    index += needle.count
                    start = index
                } else {
                    index += 1
                }
            }
            guard start > 0 else { return self }
            result.append(contentsOf: text[start...])
            return String(decoding: result, as: UTF8.self)
        }
    }
}
