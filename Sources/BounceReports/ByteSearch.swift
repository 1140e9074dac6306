import MIME
import TextBasics

/// Substring search on bytes, for scanning report texts (much faster than searching `String`s).
package enum ByteSearch {
    /// The offset of the first `needle` in `haystack[start..<end]`, or `nil`.
    package static func firstOffset(
        of needle: [UInt8],
        in haystack: [UInt8],
        from start: Int = 0,
        to end: Int? = nil
    ) -> Int? {
        let end = min(end ?? haystack.count, haystack.count)
        guard !needle.isEmpty, start >= 0, end - start >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { text in
            needle.withUnsafeBufferPointer { pattern in
                let first = pattern[0]
                var index = start
                let last = end - pattern.count
                while index <= last {
                    if text[index] == first {
                        var matched = 1
                        while matched < pattern.count, text[index + matched] == pattern[matched] { matched += 1 }
                        if matched == pattern.count { return index }
                    }
                    index += 1
                }
                return nil
            }
        }
    }
}
