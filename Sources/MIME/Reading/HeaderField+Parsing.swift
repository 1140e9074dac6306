import TextBasics

extension HeaderField {
    /// Reads a header block tolerantly, as received messages and reports carry it: LF or CRLF line
    /// ends, folded lines, junk lines skipped, never an error.
    ///
    /// Returns the fields up to the first empty line (at most `limit`) and the offset where the body
    /// starts. A field keeps its name as written; its value is unfolded and trimmed, raw bytes read as
    /// UTF-8 (Latin-1 where they are not valid UTF-8), and every control character (TAB too) is a space.
    /// A parsed field is for reading: it is not checked against the line limits of ``init(_:_:)``.
    package static func parseBlock(
        _ bytes: ArraySlice<UInt8>,
        limit: Int = 2_000
    ) -> (fields: [HeaderField], bodyStart: Int) {
        var fields: [HeaderField] = []
        var index = bytes.startIndex
        var current: [UInt8] = []
        func flush() {
            defer { current.removeAll(keepingCapacity: true) }
            guard !current.isEmpty, fields.count < limit,
                let colon = current.firstIndex(of: ASCII.colon), colon > 0
            else { return }
            let name = Charset.decode(current[..<colon]).trimmingASCIIWhitespace()
            let value = Charset.decode(current[(colon + 1)...].map { ASCII.isControl($0) ? ASCII.space : $0 })
            if !name.isEmpty, !name.contains(" ") {
                fields.append(HeaderField(parsedName: name, value: value.trimmingASCIIWhitespace()))
            }
        }
        while index < bytes.endIndex {
            var end = index
            while end < bytes.endIndex, bytes[end] != ASCII.lineFeed { end += 1 }
            var lineEnd = end
            if lineEnd > index, bytes[lineEnd - 1] == ASCII.carriageReturn { lineEnd -= 1 }
            let next = end < bytes.endIndex ? end + 1 : end
            if lineEnd == index {
                flush()
                return (fields, next)
            }
            if ASCII.isWhitespace(bytes[index]) {
                if !current.isEmpty {
                    current.append(ASCII.space)
                    var start = index
                    while start < lineEnd, ASCII.isWhitespace(bytes[start]) { start += 1 }
                    current.append(contentsOf: bytes[start..<lineEnd])
                }
            } else {
                flush()
                current.append(contentsOf: bytes[index..<lineEnd])
            }
            index = next
        }
        flush()
        return (fields, bytes.endIndex)
    }

    /// Whether the field's name is `name`, compared without regard to ASCII case (`Content-Type`,
    /// `content-type`).
    package func hasName(_ name: String) -> Bool {
        self.name.utf8.elementsEqual(name.utf8) { ASCII.lowercased($0) == ASCII.lowercased($1) }
    }
}

extension Array where Element == HeaderField {
    /// The value of the first field named `name` (in any case), or `nil`.
    package func value(_ name: String) -> String? {
        first { $0.hasName(name) }?.value
    }

    /// Every value of the fields named `name` (in any case).
    package func values(_ name: String) -> [String] {
        compactMap { $0.hasName(name) ? $0.value : nil }
    }
}
