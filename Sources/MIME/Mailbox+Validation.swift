import TextBasics

extension Mailbox {
    /// Which addresses are accepted.
    package enum AddressRules: Sendable {
        /// Plain ASCII `local@domain`: what every relay takes (the list's own addresses).
        case ascii
        /// Also a UTF-8 local part (RFC 6531, which only a relay offering SMTPUTF8 carries) and an
        /// internationalised domain (sent as A-labels): readers' addresses.
        case international
    }

    /// The longest local part RFC 5321 allows, in bytes.
    static let maximumLocalPartLength = 64
    /// The longest address accepted, in bytes.
    static let maximumAddressLength = 254
    /// The longest domain label RFC 1035 allows, in bytes.
    static let maximumLabelLength = 63

    /// Checks that `address` is a `local@domain` safe for the SMTP envelope and a header.
    ///
    /// Accepted: a local part that is an RFC 5322 dot-atom (atext separated
    /// by single dots, no leading or trailing dot) of at most 64 bytes; a
    /// domain of letter-digit-hyphen labels of 1–63 bytes, separated by dots,
    /// with at least one dot (or exactly `localhost`); at most 254 bytes in
    /// all. With `.international` rules, the local part may also hold UTF-8
    /// letters and the domain U-labels, checked as the A-labels they become.
    /// Refused: control characters of any kind (CR or LF in an address would
    /// reach the SMTP stream), spaces and other separators, non-ASCII under
    /// `.ascii` rules, quoted local parts and address literals.
    ///
    /// - Throws: ``MIMEError`` saying exactly what is wrong.
    package static func validate(address: String, rules: AddressRules = .ascii) throws(MIMEError) {
        // Quoted only for a message: a list is checked address by address, and nearly all are good.
        func failure(_ problem: String) -> MIMEError {
            MIMEError("address \(ASCII.quotedForMessage(address)) \(problem)")
        }
        let bytes = Array(address.utf8)
        guard !bytes.isEmpty else {
            throw MIMEError("address is empty; give an address such as name@example.org")
        }
        if bytes.contains(where: { $0 == ASCII.carriageReturn || $0 == ASCII.lineFeed }) {
            throw failure("contains a line break (CR or LF); remove it")
        }
        if bytes.contains(0) {
            throw failure("contains a NUL byte; remove it")
        }
        if bytes.contains(where: ASCII.isControl) {
            throw failure("contains a control character; remove it")
        }
        if bytes.contains(ASCII.space) {
            throw failure("contains a space; remove it")
        }
        if bytes.contains(where: { $0 >= 0x80 }) {
            guard rules == .international else {
                throw failure("contains a non-ASCII character; only an ASCII address may stand here")
            }
            if let scalar = address.unicodeScalars.first(where: Self.isRefusedInInternationalAddress) {
                throw failure("contains \(scalar.codePoint), a control or space character; remove it")
            }
        }
        guard let at = bytes.firstIndex(of: ASCII.at) else {
            throw failure("has no @; write it as name@example.org")
        }
        if bytes[(at + 1)...].contains(ASCII.at) {
            throw failure("has more than one @; give a single address")
        }
        if bytes.count > maximumAddressLength {
            throw failure("is \(bytes.count) bytes long; the limit is \(maximumAddressLength)")
        }
        try validate(localPart: bytes[..<at], failure: failure)
        let domain = bytes[(at + 1)...]
        guard domain.contains(where: { $0 >= 0x80 }) else {
            try validate(domain: domain, failure: failure)
            return
        }
        guard let ascii = Punycode.asciiDomain(String(decoding: domain, as: UTF8.self)) else {
            throw failure("has a domain that cannot be written as A-labels (a label of over 63 bytes)")
        }
        try validate(domain: Array(ascii.utf8)[...], failure: failure)
    }

    /// Scalars never allowed in an address, whatever its script: controls, separators, the BOM.
    private static func isRefusedInInternationalAddress(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .spaceSeparator, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned: true
        default: scalar == "\u{FEFF}" || scalar == "\u{200B}"
        }
    }

    /// Checks the part before the `@`: a dot-atom of at most 64 bytes.
    private static func validate(
        localPart: ArraySlice<UInt8>,
        failure: (String) -> MIMEError
    ) throws(MIMEError) {
        guard let first = localPart.first, let last = localPart.last else {
            throw failure("has an empty local part (nothing before the @)")
        }
        if localPart.count > maximumLocalPartLength {
            throw failure("has a local part of \(localPart.count) bytes; the limit is \(maximumLocalPartLength)")
        }
        if first == ASCII.dot {
            throw failure("has a local part that starts with a dot")
        }
        if last == ASCII.dot {
            throw failure("has a local part that ends with a dot")
        }
        var previous: UInt8 = 0
        for byte in localPart {
            if byte == ASCII.dot && previous == ASCII.dot {
                throw failure("has two dots in a row in the local part")
            }
            if byte != ASCII.dot && !ASCII.isAtext(byte) && byte < 0x80 {
                throw failure(
                    "has \(ASCII.quotedForMessage(String(UnicodeScalar(byte)))) in the local part, which is not "
                        + "allowed there"
                )
            }
            previous = byte
        }
    }

    /// Checks the part after the `@`: dot-separated LDH labels, or `localhost`.
    private static func validate(
        domain: ArraySlice<UInt8>,
        failure: (String) -> MIMEError
    ) throws(MIMEError) {
        guard !domain.isEmpty else {
            throw failure("has an empty domain part (nothing after the @)")
        }
        let labels = domain.split(separator: ASCII.dot, omittingEmptySubsequences: false)
        if labels.count == 1 {
            guard domain.map(ASCII.lowercased).elementsEqual("localhost".utf8) else {
                throw failure("has a domain without a dot; use a full domain such as example.org")
            }
            return
        }
        for label in labels {
            guard let first = label.first, let last = label.last else {
                throw failure("has an empty label in the domain (a leading, trailing or double dot)")
            }
            if label.count > maximumLabelLength {
                throw failure("has a domain label of \(label.count) bytes; the limit is \(maximumLabelLength)")
            }
            if let bad = label.first(where: { !ASCII.isAlphanumeric($0) && $0 != ASCII.hyphen }) {
                throw failure(
                    "has \(ASCII.quotedForMessage(String(UnicodeScalar(bad)))) in the domain; only letters, digits, "
                        + "hyphens and dots are allowed"
                )
            }
            if first == ASCII.hyphen || last == ASCII.hyphen {
                let text = String(decoding: label, as: UTF8.self)
                throw failure("has a domain label \(ASCII.quotedForMessage(text)) that starts or ends with a hyphen")
            }
        }
    }
}
