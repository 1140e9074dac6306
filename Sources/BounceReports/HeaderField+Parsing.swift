/// One header field of a report or of a message it quotes: the name in lower case, the value unfolded.
package struct ReportHeader: Sendable, Equatable {
    /// The field name, lower-cased (`content-type`).
    package var name: String
    /// The value with folding removed and outer white space trimmed; raw bytes read as UTF-8, or
    /// Latin-1 where they are not valid UTF-8.
    package var value: String
}

/// Reads header blocks tolerantly: LF or CRLF line ends, folded lines, junk lines skipped.
package enum HeaderBlock {
    /// The fields of `bytes` up to the first empty line, and where the body starts.
    package static func parse(
        _ bytes: ArraySlice<UInt8>,
        limit: Int = 2_000
    ) -> (headers: [ReportHeader], bodyStart: Int) {
        var headers: [ReportHeader] = []
        var index = bytes.startIndex
        var current: [UInt8] = []
        func flush() {
            guard !current.isEmpty, headers.count < limit else {
                current.removeAll(keepingCapacity: true)
                return
            }
            if let colon = current.firstIndex(of: UInt8(ascii: ":")), colon > 0 {
                let name = Text.string(current[..<colon]).trimmingASCIISpace().lowercased()
                let value = Text.string(current[(colon + 1)...]).trimmingASCIISpace()
                if !name.isEmpty, !name.contains(" ") { headers.append(ReportHeader(name: name, value: value)) }
            }
            current.removeAll(keepingCapacity: true)
        }
        while index < bytes.endIndex {
            var end = index
            while end < bytes.endIndex, bytes[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > index, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let next = end < bytes.endIndex ? end + 1 : end
            if lineEnd == index {
                flush()
                return (headers, next)
            }
            let first = bytes[index]
            if first == 0x20 || first == 0x09 {
                if !current.isEmpty {
                    current.append(0x20)
                    var start = index
                    while start < lineEnd, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
                    current.append(contentsOf: bytes[start..<lineEnd])
                }
            } else {
                flush()
                current.append(contentsOf: bytes[index..<lineEnd])
            }
            index = next
        }
        flush()
        return (headers, bytes.endIndex)
    }
}

extension Array where Element == ReportHeader {
    /// The first value of the field `name` (lower case), or `nil`.
    package func value(_ name: String) -> String? {
        first { $0.name == name }?.value
    }

    /// Every value of the field `name` (lower case).
    package func values(_ name: String) -> [String] {
        compactMap { $0.name == name ? $0.value : nil }
    }
}
