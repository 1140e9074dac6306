import TextBasics

/// An e-mail address with an optional display name, as in `Zoë Ähm <zoe@example.org>`.
///
/// Creating one validates the address (see ``validate(address:rules:)``), so a
/// `Mailbox` is always safe to hand to the SMTP envelope and to a header.
package struct Mailbox: Sendable, Hashable {
    /// The human-readable name, or `nil` when there is none.
    package let displayName: String?
    /// The bare address, `local@domain`, ASCII only.
    package let address: String

    /// Creates a mailbox from a display name and an address.
    ///
    /// The display name is trimmed of surrounding white space; an empty one becomes `nil`.
    ///
    /// - Throws: ``MIMEError`` when the address is invalid under `rules` or the display
    ///   name contains a line break or another control character.
    package init(displayName: String?, address: String, rules: AddressRules = .ascii) throws(MIMEError) {
        try Self.validate(address: address, rules: rules)
        let trimmed = displayName.map { Self.trimmingWhitespace($0[...]) } ?? ""
        if let control = trimmed.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            let problem = control == "\r" || control == "\n" ? "contains a line break" : "contains a control character"
            throw MIMEError(
                "display name \(ASCII.quotedForMessage(trimmed)) for \(address) \(problem); remove it"
            )
        }
        self.displayName = trimmed.isEmpty ? nil : trimmed
        self.address = address
    }

    /// The part of the address after the `@`.
    package var domain: Substring {
        guard let at = address.utf8.lastIndex(of: ASCII.at) else { return address[...] }
        return address[address.utf8.index(after: at)...]
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmingWhitespace(_ text: Substring) -> String {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { !ASCII.isWhitespace($0) }),
            let last = utf8.lastIndex(where: { !ASCII.isWhitespace($0) })
        else { return "" }
        return String(text[first...last])
    }
}
