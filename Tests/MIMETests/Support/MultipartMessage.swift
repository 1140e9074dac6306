/// A rendered multipart message taken apart for tests: the top-level header
/// block and each part's headers and (still encoded) body.
///
/// Works on bytes, because Swift treats CRLF as one `Character`.
struct MultipartMessage {
    /// One body part.
    struct Part {
        let headers: String
        let body: [UInt8]
    }

    /// The top-level header fields, CRLF-separated, without the blank line.
    let headers: String
    let parts: [Part]
    /// What follows the close delimiter line (should be empty).
    let epilogue: [UInt8]

    /// Splits `bytes` at the delimiters of `boundary`; `nil` if the structure is off.
    init?(_ bytes: [UInt8], boundary: String) {
        let crlf: [UInt8] = [0x0D, 0x0A]
        let pieces = Self.split(bytes, at: crlf + Array(("--" + boundary).utf8))
        guard pieces.count >= 3, let head = pieces.first, let last = pieces.last,
            last.starts(with: Array("--".utf8) + crlf)
        else { return nil }
        // No preamble: the head is the header block, whose blank line's CRLF starts the first delimiter.
        guard head.last == 0x0A, !Self.split(head, at: crlf + crlf).dropFirst().contains(where: { !$0.isEmpty })
        else { return nil }
        headers = String(decoding: head.dropLast(2), as: UTF8.self)
        epilogue = Array(last.dropFirst(4))
        var parts: [Part] = []
        for piece in pieces.dropFirst().dropLast() {
            guard piece.starts(with: crlf) else { return nil }
            let sections = Self.split(Array(piece.dropFirst(2)), at: crlf + crlf)
            guard sections.count >= 2, let partHeaders = sections.first else { return nil }
            let body = Array(piece.dropFirst(2 + partHeaders.count + 4))
            parts.append(Part(headers: String(decoding: partHeaders, as: UTF8.self), body: body))
        }
        self.parts = parts
    }

    /// The names of the top-level header fields, in order.
    var headerNames: [String] {
        headers.split(separator: "\r\n")
            .filter { !$0.hasPrefix(" ") && !$0.hasPrefix("\t") }
            .compactMap { $0.split(separator: ":", maxSplits: 1).first.map(String.init) }
    }

    /// `bytes` split at every occurrence of `separator`.
    static func split(_ bytes: [UInt8], at separator: [UInt8]) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var start = 0
        var index = 0
        while index + separator.count <= bytes.count {
            if bytes[index..<(index + separator.count)].elementsEqual(separator) {
                pieces.append(Array(bytes[start..<index]))
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(Array(bytes[start...]))
        return pieces
    }
}
