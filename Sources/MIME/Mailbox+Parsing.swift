import TextBasics

extension Mailbox {
    /// Parses a mailbox as people write it: `a@b.org`, `Name <a@b.org>`,
    /// `"Quoted, Name" <a@b.org>`, `Zoë Ähm <a@b.org>` or `<a@b.org>`.
    ///
    /// White space around the parts is ignored. In a quoted name, `\"` and
    /// `\\` stand for `"` and `\`. Encoded words (`=?…?=`) in the name are
    /// kept as they are, not decoded.
    ///
    /// - Throws: ``MIMEError`` when the brackets or quotes do not match, or
    ///   when the address or the name is invalid (see ``init(displayName:address:rules:)``).
    package init(parsing text: String, rules: AddressRules = .ascii) throws(MIMEError) {
        let trimmed = Self.trimmingWhitespace(text[...])
        let utf8 = trimmed.utf8
        guard !trimmed.isEmpty else {
            throw MIMEError("mailbox is empty; give an address such as name@example.org")
        }
        guard let closing = utf8.indices.last, utf8[closing] == ASCII.greaterThan else {
            if utf8.contains(ASCII.lessThan) || utf8.contains(ASCII.greaterThan) {
                throw MIMEError("mailbox \(ASCII.quotedForMessage(trimmed)) must end with the address in <…>")
            }
            try self.init(displayName: nil, address: trimmed, rules: rules)
            return
        }
        guard let opening = utf8.lastIndex(of: ASCII.lessThan) else {
            throw MIMEError("mailbox \(ASCII.quotedForMessage(trimmed)) has a > without an opening <")
        }
        let address = Self.trimmingWhitespace(trimmed[utf8.index(after: opening)..<closing])
        let phrase = Self.trimmingWhitespace(trimmed[..<opening])
        let name = phrase.utf8.first == ASCII.quote ? try Self.unquoted(phrase) : phrase
        try self.init(displayName: name, address: address, rules: rules)
    }

    /// The content of an RFC 5322 quoted-string, with `\x` escapes resolved.
    private static func unquoted(_ quoted: String) throws(MIMEError) -> String {
        var content: [UInt8] = []
        content.reserveCapacity(quoted.utf8.count)
        var isEscaped = false
        var isClosed = false
        for byte in quoted.utf8.dropFirst() {
            if isClosed {
                throw MIMEError(
                    "display name \(ASCII.quotedForMessage(quoted)) has text after its closing quote; put the whole "
                        + "name in quotes"
                )
            }
            if isEscaped {
                content.append(byte)
                isEscaped = false
            } else if byte == ASCII.backslash {
                isEscaped = true
            } else if byte == ASCII.quote {
                isClosed = true
            } else {
                content.append(byte)
            }
        }
        guard isClosed else {
            throw MIMEError(
                "display name \(ASCII.quotedForMessage(quoted)) has no closing quote; add a \" before the <"
            )
        }
        // Escapes only ever drop ASCII backslashes, so the bytes stay valid UTF-8.
        return String(decoding: content, as: UTF8.self)
    }
}
