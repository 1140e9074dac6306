/// The header fields of a message, found in place: each field's lowercased name and its byte range.
struct DKIMHeaderFields {
    /// One header field: `range` spans `Name: value` with its folding, without the final CRLF.
    struct Field {
        /// The field name, lowercased.
        var name: String
        /// Where the field sits in the message.
        var range: Range<Int>
    }

    /// The fields, top to bottom.
    var fields: [Field] = []
    /// Where the body starts (after the empty line), or the message's end when there is none.
    var bodyStart: Int

    /// Finds the fields of `message` (CRLF line ends; a bare LF is accepted too).
    init(_ message: [UInt8]) {
        let lf = DKIMCanonicalization.lf
        let cr = DKIMCanonicalization.cr
        let space = DKIMCanonicalization.space
        let tab = DKIMCanonicalization.tab
        var position = 0
        var fields: [Field] = []
        var bodyStart = message.count
        while position < message.count {
            var lineEnd = position
            while lineEnd < message.count, message[lineEnd] != lf { lineEnd += 1 }
            let contentEnd = lineEnd > position && message[lineEnd - 1] == cr ? lineEnd - 1 : lineEnd
            let next = min(lineEnd + 1, message.count)
            if contentEnd == position {
                bodyStart = next
                break
            }
            let first = message[position]
            if first == space || first == tab, !fields.isEmpty {
                fields[fields.count - 1].range = fields[fields.count - 1].range.lowerBound..<contentEnd
            } else {
                var colon = position
                while colon < contentEnd, message[colon] != UInt8(ascii: ":") { colon += 1 }
                var nameEnd = colon
                while nameEnd > position,
                    message[nameEnd - 1] == space || message[nameEnd - 1] == tab
                {
                    nameEnd -= 1
                }
                let lowercased = message[position..<nameEnd].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
                let name = String(decoding: lowercased, as: UTF8.self)
                fields.append(Field(name: name, range: position..<contentEnd))
            }
            position = next
        }
        self.fields = fields
        self.bodyStart = bodyStart
    }
}
