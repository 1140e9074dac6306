import TextBasics

/// One header field of a message.
///
/// A field made with ``init(_:_:)`` is checked so it cannot break the header block of a message
/// being written; ``parseBlock(_:limit:)`` makes fields from a received message, for reading only.
/// The value is written as given (folded when long). It must already be
/// ASCII in the header's own syntax: put non-ASCII text through
/// ``unstructured(_:_:)`` (Subject and other free text),
/// ``Mailbox/headerValue`` (From, To, Reply-To) or
/// ``EncodedWord/encodeIfNeeded(_:)`` first; raw UTF-8 here is not encoded.
package struct HeaderField: Sendable, Hashable {
    /// The field name, such as `Subject`.
    package let name: String
    /// The field body as it goes on the wire, before folding.
    package let value: String

    /// The longest line RFC 5322 allows, excluding the CRLF.
    static let maximumLineLength = 998
    /// The line length folding aims for, excluding the CRLF.
    static let preferredLineLength = 78

    /// Creates a header field after checking `name` and `value`.
    ///
    /// - Throws: ``MIMEError`` when the name is empty or not printable ASCII
    ///   without `:`; when the value contains CR, LF or NUL (which would let
    ///   data inject header lines or SMTP commands) or another control
    ///   character except TAB; or when the value holds a word too long to
    ///   fit a 998-character line.
    package init(_ name: String, _ value: String) throws(MIMEError) {
        try Self.validate(name: name)
        try Self.validate(value: value, of: name)
        self.name = name
        self.value = value
    }

    /// A field read from a received message: see ``parseBlock(_:limit:)``.
    init(parsedName name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// A free-text field such as Subject: non-ASCII text (or text that
    /// contains `=?`) becomes RFC 2047 encoded words, sized so the first one
    /// fits on the line with the field name.
    ///
    /// - Throws: ``MIMEError`` when the name is invalid or `text` contains CR,
    ///   LF or NUL. Other control characters are allowed here: they end up
    ///   inside encoded words.
    package static func unstructured(_ name: String, _ text: String) throws(MIMEError) -> HeaderField {
        try validate(name: name)
        try rejectControlCharacters(in: text, of: name, allowingOtherControls: true)
        let firstWordLimit = preferredLineLength - name.utf8.count - 2
        return try HeaderField(name, EncodedWord.encodeIfNeeded(text, firstWordLimit: firstWordLimit))
    }
}

extension HeaderField {
    /// Checks that `name` is 1*ftext: printable ASCII other than `:`.
    private static func validate(name: String) throws(MIMEError) {
        guard !name.isEmpty else {
            throw MIMEError("header name is empty; give a name such as \"Subject\"")
        }
        for byte in name.utf8 where byte <= ASCII.space || byte >= ASCII.delete || byte == ASCII.colon {
            let problem =
                switch byte {
                case ASCII.carriageReturn, ASCII.lineFeed: "contains a line break"
                case 0: "contains a NUL byte"
                case ASCII.colon: "contains a colon"
                case ASCII.space, ASCII.tab: "contains white space"
                default: "contains a character that is not printable ASCII"
                }
            throw MIMEError(
                "header name \(ASCII.quotedForMessage(name)) \(problem); use letters, digits and hyphens only"
            )
        }
    }

    /// Checks the value for CR, LF and NUL, and for words too long for any line.
    private static func validate(value: String, of name: String) throws(MIMEError) {
        try rejectControlCharacters(in: value, of: name)
        // Folding breaks lines only at fold points, so each stretch between
        // two of them (the first one after "Name: ") must fit on a line.
        let firstLineUsed = name.utf8.count + 2
        let longestLine =
            value.utf8.withContiguousStorageIfAvailable { longestUnfoldableLine($0, firstLineUsed: firstLineUsed) }
            ?? Array(value.utf8).withUnsafeBufferPointer { longestUnfoldableLine($0, firstLineUsed: firstLineUsed) }
        if longestLine > maximumLineLength {
            throw MIMEError(
                "header \(name) has a word that makes a \(longestLine)-character line, over the "
                    + "\(maximumLineLength)-character limit; shorten it or add spaces"
            )
        }
    }

    /// The longest stretch between two fold points, counting the field name on the first line.
    private static func longestUnfoldableLine(_ bytes: UnsafeBufferPointer<UInt8>, firstLineUsed: Int) -> Int {
        let lastNonWhitespace = lastNonWhitespaceIndex(in: bytes)
        var stretch = firstLineUsed
        var longest = stretch
        for index in bytes.indices {
            if isFoldPoint(bytes, at: index, lastNonWhitespace: lastNonWhitespace) {
                stretch = 0
            }
            stretch += 1
            longest = max(longest, stretch)
        }
        return longest
    }

    /// Throws if `text` contains CR, LF or NUL (or, unless
    /// `allowingOtherControls`, another control character other than TAB),
    /// naming the header.
    private static func rejectControlCharacters(
        in text: String,
        of name: String,
        allowingOtherControls: Bool = false
    ) throws(MIMEError) {
        for byte in text.utf8 where ASCII.isControl(byte) && byte != ASCII.tab {
            let problem: String
            switch byte {
            case ASCII.carriageReturn, ASCII.lineFeed: problem = "a line break (CR or LF)"
            case 0: problem = "a NUL byte"
            default:
                if allowingOtherControls { continue }
                problem = "a control character"
            }
            throw MIMEError("header \(name) contains \(problem) in \(ASCII.quotedForMessage(text)); remove it")
        }
    }
}
