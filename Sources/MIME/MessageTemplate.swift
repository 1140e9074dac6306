/// A `multipart/alternative` message prepared once per mailing and rendered
/// for each recipient with only memcpy-like appends and the encoding of the
/// recipient's own values.
///
/// The message is: the common headers, the recipient's headers,
/// `MIME-Version` and `Content-Type`, then a text/plain part and a
/// text/html part, both UTF-8 and quoted-printable, CRLF throughout.
///
/// Every literal segment of the bodies is quoted-printable encoded once, in
/// ``init(commonHeaders:text:html:boundary:)``, starting at column 0 and
/// ending with a soft line break if it ends mid-line. A slot's value is
/// encoded the same way at render time, so the pieces can be concatenated:
/// the result decodes to exactly literal + value + literal (line breaks as
/// CRLF) and no body line exceeds 76 characters. The price is a soft line
/// break around each slot, which readers never see.
package struct MessageTemplate: Sendable {
    /// The multipart boundary, without the leading `--`.
    package let boundary: String
    /// The bytes that are the same for every recipient, back to back.
    private let fixedBytes: [UInt8]
    /// The message in order: ranges of `fixedBytes` and places for per-recipient data.
    private let pieces: [Piece]

    /// Prepares a multipart/alternative message: text part first, HTML part
    /// last, UTF-8, quoted-printable. Encodes every literal segment once, here.
    ///
    /// - Parameters:
    ///   - commonHeaders: Headers shared by every copy (From, Subject, Date,
    ///     List-Id…), written first. `MIME-Version`, `Content-Type` and
    ///     `Content-Transfer-Encoding` belong to the template and are refused.
    ///   - text: The text/plain body.
    ///   - html: The text/html body.
    ///   - boundary: The multipart boundary; use ``boundary(seed:)``. It must
    ///     be 1–70 RFC 2046 boundary characters and contain `=_`, which
    ///     quoted-printable output never contains, so the boundary cannot
    ///     occur inside a part.
    /// - Throws: ``MIMEError`` for an unusable boundary or a reserved common header.
    package init(
        commonHeaders: [HeaderField],
        text: PersonalizedBody,
        html: PersonalizedBody,
        boundary: String
    ) throws(MIMEError) {
        try Self.validate(boundary: boundary)
        try Self.validate(commonHeaders: commonHeaders)
        var builder = Builder()
        for header in commonHeaders {
            header.encoded(into: &builder.bytes)
        }
        builder.add(.recipientHeaders)
        try builder.appendHeader("MIME-Version", "1.0")
        try builder.appendHeader("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"")
        builder.appendLine("")
        builder.appendPartHeader(boundary: boundary, contentType: "text/plain; charset=utf-8")
        builder.appendBody(text, value: Piece.textValue)
        builder.appendLine("")
        builder.appendPartHeader(boundary: boundary, contentType: "text/html; charset=utf-8")
        builder.appendBody(html, value: Piece.htmlValue)
        builder.appendLine("")
        builder.appendLine("--" + boundary + "--")
        let (fixedBytes, pieces) = builder.finish()
        self.boundary = boundary
        self.fixedBytes = fixedBytes
        self.pieces = pieces
    }

    /// The full RFC 5322 message for one recipient, CRLF throughout.
    ///
    /// - Parameters:
    ///   - headers: The per-recipient headers (To, Message-ID,
    ///     List-Unsubscribe…), written after the common ones and before
    ///     `MIME-Version`/`Content-Type`.
    ///   - textValues: `textValues[i]` fills `.slot(i)` of the text part.
    ///   - htmlValues: `htmlValues[i]` fills `.slot(i)` of the HTML part; the
    ///     caller has already HTML-escaped them.
    ///   - holding: Which conditions this copy meets: what a body encloses in
    ///     `.begin(n)` … `.end` goes out only when `holding[n]` is true (a
    ///     condition past its end does not hold). `nil`: every one. An array,
    ///     not a closure: it is asked dozens of times a message.
    /// - Returns: The message bytes. A slot whose index has no value renders
    ///   empty. A CR at the very end of a value is written as `=0D` and is not
    ///   joined with an LF that starts the next literal.
    package func render(
        headers: [HeaderField],
        textValues: [String],
        htmlValues: [String],
        holding conditions: [Bool]? = nil
    ) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(estimatedSize(headers: headers, textValues: textValues, htmlValues: htmlValues))
        var next = pieces.startIndex
        while next < pieces.endIndex {
            let piece = pieces[next]
            next += 1
            switch piece {
            case .begin(let condition, let after):
                if let conditions, condition >= conditions.count || !conditions[condition] { next = after }
            case .fixed(let range):
                output.append(contentsOf: fixedBytes[range])
            case .recipientHeaders:
                for header in headers {
                    header.encoded(into: &output)
                }
            case .textValue(let index):
                Self.appendValue(at: index, of: textValues, to: &output)
            case .htmlValue(let index):
                Self.appendValue(at: index, of: htmlValues, to: &output)
            }
        }
        return output
    }
}

extension MessageTemplate {
    /// One stretch of a rendered message.
    enum Piece: Sendable {
        /// Bytes shared by every copy: a range of `fixedBytes`.
        case fixed(Range<Int>)
        /// The per-recipient header fields.
        case recipientHeaders
        /// Text value number `n`, quoted-printable encoded.
        case textValue(Int)
        /// HTML value number `n`, quoted-printable encoded.
        case htmlValue(Int)
        /// The pieces up to index `after` go out only when condition `n` holds.
        case begin(Int, after: Int)
    }

    /// Encodes `values[index]` from column 0 and ends it with a soft line
    /// break if it ends mid-line; nothing when there is no such value.
    @inline(__always)
    private static func appendValue(at index: Int, of values: [String], to output: inout [UInt8]) {
        guard values.indices.contains(index) else { return }
        var encoder = QuotedPrintableEncoder()
        encoder.encode(values[index].utf8, into: &output)
        encoder.breakLine(into: &output)
    }

    /// An upper bound (give or take folding) of the rendered size, so `render` allocates once.
    private func estimatedSize(headers: [HeaderField], textValues: [String], htmlValues: [String]) -> Int {
        var size = fixedBytes.count
        for header in headers {
            let valueCount = header.value.utf8.count
            size += header.name.utf8.count + valueCount + valueCount / 16 + 8
        }
        for piece in pieces {
            let value: String
            switch piece {
            case .fixed, .recipientHeaders, .begin:
                continue
            case .textValue(let index):
                guard textValues.indices.contains(index) else { continue }
                value = textValues[index]
            case .htmlValue(let index):
                guard htmlValues.indices.contains(index) else { continue }
                value = htmlValues[index]
            }
            // Worst case: every byte as =XX, plus a soft break per 25 triples.
            let count = value.utf8.count
            size += count * 3 + count / 8 + 6
        }
        return size
    }
}
