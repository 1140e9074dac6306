import TextBasics

/// A message or one MIME part of it, read tolerantly: whatever the bytes, it yields headers, a
/// body and (for a multipart) its parts, never an error.
///
/// Missing boundaries, a multipart without its closing delimiter, LF-only line ends, unknown
/// transfer encodings and wrongly declared charsets all give the best reading there is.
package struct MIMEEntity: Sendable {
    /// The header fields, as ``HeaderField/parseBlock(_:limit:)`` reads them.
    package var headers: [HeaderField]
    /// The raw body (still transfer-encoded).
    package var body: ArraySlice<UInt8>
    /// The parsed `Content-Type`.
    package var contentType: ContentType

    /// Reads `bytes` as one entity: headers up to the first empty line, then the body.
    package init(_ bytes: ArraySlice<UInt8>) {
        let (headers, bodyStart) = HeaderField.parseBlock(bytes)
        self.headers = headers
        body = bytes[bodyStart...]
        contentType = ContentType(headers.value("content-type"))
    }

    /// The value of the first header field named `name` (in any case), or `nil`.
    package func header(_ name: String) -> String? { headers.value(name) }

    /// The parts of a multipart entity (at most `limit`), or `[]`.
    ///
    /// A part starts after a line `--BOUNDARY` and ends at the next; the closing `--BOUNDARY--`
    /// may be missing. Without a boundary parameter, none is guessed: the entity has no parts.
    package func parts(limit: Int = 200) -> [MIMEEntity] {
        guard contentType.isMultipart, let boundary = contentType.parameters["boundary"], !boundary.isEmpty else {
            return []
        }
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [MIMEEntity] = []
        var partStart: Int?
        var index = body.startIndex
        while index < body.endIndex, parts.count < limit {
            var end = index
            while end < body.endIndex, body[end] != 0x0A { end += 1 }
            let next = end < body.endIndex ? end + 1 : end
            if body[index...].starts(with: delimiter) {
                if let start = partStart {
                    var stop = index
                    if stop > start, body[stop - 1] == 0x0A { stop -= 1 }
                    if stop > start, body[stop - 1] == 0x0D { stop -= 1 }
                    parts.append(MIMEEntity(body[start..<max(start, stop)]))
                }
                let afterDelimiter = body.index(index, offsetBy: delimiter.count)
                if body[afterDelimiter...].starts(with: [0x2D, 0x2D]) { return parts }
                partStart = next
            }
            index = next
        }
        if let start = partStart, start < body.endIndex, parts.count < limit {
            parts.append(MIMEEntity(body[start...]))
        }
        return parts
    }

    /// The body with its `Content-Transfer-Encoding` (base64, quoted-printable) undone.
    package func decodedBody() -> [UInt8] {
        switch header("content-transfer-encoding")?.lowercased() {
        case "base64": return TransferDecoding.base64(body)
        case "quoted-printable": return TransferDecoding.quotedPrintable(body)
        default: return Array(body)
        }
    }

    /// The decoded body as text, in its declared charset where that works, else UTF-8 or Latin-1.
    package func text() -> String {
        Charset.decode(decodedBody(), charset: contentType.parameters["charset"])
    }

    /// Every entity of this tree, depth first, itself first (nested messages are not entered).
    package func leaves(depth: Int = 0) -> [MIMEEntity] {
        guard contentType.isMultipart, depth < 8 else { return [self] }
        let children = parts()
        guard !children.isEmpty else { return [self] }
        return [self] + children.flatMap { $0.leaves(depth: depth + 1) }
    }
}
