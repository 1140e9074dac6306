import TextBasics

extension MessageTemplate {
    /// Header names the template writes itself (lower-cased).
    private static let reservedHeaderNames: Set<String> = ["mime-version", "content-type", "content-transfer-encoding"]
    /// The longest boundary RFC 2046 allows.
    private static let maximumBoundaryLength = 70

    /// Collects the fixed bytes and the pieces of a template.
    struct Builder {
        /// The fixed bytes so far.
        var bytes: [UInt8] = []
        private var pieces: [Piece] = []
        /// Where the fixed bytes not yet covered by a `.fixed` piece start.
        private var pendingStart = 0
        /// The indices of the `.begin` pieces whose `.end` is still to come.
        private var openConditions: [Int] = []

        /// Ends the current run of fixed bytes and adds `piece` after it.
        mutating func add(_ piece: Piece) {
            closeFixedRun()
            pieces.append(piece)
        }

        /// Appends `Name: value` and CRLF.
        mutating func appendHeader(_ name: String, _ value: String) throws(MIMEError) {
            try HeaderField(name, value).encoded(into: &bytes)
        }

        /// Appends `line` and CRLF.
        mutating func appendLine(_ line: String) {
            bytes.append(contentsOf: line.utf8)
            bytes.append(ASCII.carriageReturn)
            bytes.append(ASCII.lineFeed)
        }

        /// Appends a delimiter line and the headers of a quoted-printable part, up to its blank line.
        mutating func appendPartHeader(boundary: String, contentType: String) {
            appendLine("--" + boundary)
            appendLine("Content-Type: " + contentType)
            appendLine("Content-Transfer-Encoding: quoted-printable")
            appendLine("")
        }

        /// Appends `body`: each run of literal segments encoded once, from
        /// column 0 to a line end; each slot as a `value(index)` piece; each
        /// condition as a `.begin` piece that knows where its `.end` is.
        mutating func appendBody(_ body: PersonalizedBody, value: (Int) -> Piece) {
            var literal = ""
            for segment in body.segments {
                switch segment {
                case .literal(let text):
                    literal += text
                case .slot(let index):
                    appendEncoded(literal)
                    literal = ""
                    add(value(index))
                case .begin(let condition):
                    appendEncoded(literal)
                    literal = ""
                    add(.begin(condition, after: -1))
                    openConditions.append(pieces.count - 1)
                case .end:
                    appendEncoded(literal)
                    literal = ""
                    closeCondition()
                }
            }
            appendEncoded(literal)
            while !openConditions.isEmpty { closeCondition() }
        }

        /// Points the innermost open `.begin` past the pieces added since; an `.end` without one is ignored.
        private mutating func closeCondition() {
            guard let open = openConditions.popLast(), case .begin(let condition, _) = pieces[open] else { return }
            closeFixedRun()
            pieces[open] = .begin(condition, after: pieces.count)
        }

        /// Appends `text` quoted-printable encoded, ending with a soft line break if it ends mid-line.
        private mutating func appendEncoded(_ text: String) {
            var encoder = QuotedPrintableEncoder()
            encoder.encode(text.utf8, into: &bytes)
            encoder.breakLine(into: &bytes)
        }

        /// The fixed bytes and the pieces, in order.
        mutating func finish() -> ([UInt8], [Piece]) {
            closeFixedRun()
            return (bytes, pieces)
        }

        private mutating func closeFixedRun() {
            guard pendingStart < bytes.count else { return }
            pieces.append(.fixed(pendingStart..<bytes.count))
            pendingStart = bytes.count
        }
    }

    /// Checks that `boundary` is 1–70 RFC 2046 `bchars`, does not end in a
    /// space, and contains `=_` so it cannot occur in quoted-printable text.
    static func validate(boundary: String) throws(MIMEError) {
        let shown = ASCII.quotedForMessage(boundary)
        let bytes = Array(boundary.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumBoundaryLength else {
            throw MIMEError(
                "boundary \(shown) has \(bytes.count) characters; it needs 1 to \(maximumBoundaryLength), use "
                    + "MessageTemplate.boundary(seed:)"
            )
        }
        for byte in bytes where !isBoundaryCharacter(byte) {
            throw MIMEError(
                "boundary \(shown) contains \(ASCII.quotedForMessage(String(decoding: [byte], as: UTF8.self))), "
                    + "which RFC 2046 does not allow; use MessageTemplate.boundary(seed:)"
            )
        }
        if bytes.last == ASCII.space {
            throw MIMEError("boundary \(shown) ends with a space; remove it")
        }
        guard boundary.contains("=_") else {
            throw MIMEError(
                "boundary \(shown) does not contain \"=_\", so it could occur inside a part; use "
                    + "MessageTemplate.boundary(seed:)"
            )
        }
    }

    /// `true` for RFC 2046 `bchars`: letters, digits, space and `'()+_,-./:=?`.
    private static func isBoundaryCharacter(_ byte: UInt8) -> Bool {
        ASCII.isAlphanumeric(byte) || "'()+_,-./:=? ".utf8.contains(byte)
    }

    /// Refuses common headers that the template writes itself.
    static func validate(commonHeaders: [HeaderField]) throws(MIMEError) {
        for header in commonHeaders where reservedHeaderNames.contains(asciiLowercased(header.name)) {
            throw MIMEError(
                "common header \(header.name) is written by the message template; remove it from the headers"
            )
        }
    }

    /// `text` with A–Z lower-cased.
    static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map(ASCII.lowercased), as: UTF8.self)
    }
}
