import MIME
import TextBasics

extension EnvelopeAddress {
    /// An address ready for MAIL FROM or RCPT TO, and whether it needs the server's SMTPUTF8.
    ///
    /// An internationalised domain goes out as A-labels (Punycode), so an address whose local part
    /// is ASCII needs nothing from the server; a non-ASCII local part can only travel with SMTPUTF8
    /// (RFC 6531). Every check of ``init(validating:)`` applies to the rest of the address.
    static func prepared(_ address: String) throws(Problem) -> (address: EnvelopeAddress, needsSMTPUTF8: Bool) {
        guard address.utf8.contains(where: { $0 >= 0x80 }) else {
            return (try EnvelopeAddress(validating: address), false)
        }
        guard let at = address.lastIndex(of: "@") else { throw .nonASCII }
        let local = address[..<at]
        guard let domain = Punycode.asciiDomain(String(address[address.index(after: at)...])) else {
            throw .nonASCII
        }
        if local.utf8.allSatisfy({ $0 < 0x80 }) {
            return (try EnvelopeAddress(validating: "\(local)@\(domain)"), false)
        }
        // The same checks, with each non-ASCII byte of the local part standing in as a letter.
        let probe = String(decoding: local.utf8.map { $0 >= 0x80 ? UInt8(ascii: "a") : $0 }, as: UTF8.self)
        _ = try EnvelopeAddress(validating: "\(probe)@\(domain)")
        return (EnvelopeAddress(bracketed: "<\(local)@\(domain)>"), true)
    }

    /// Wraps an address that has already been checked.
    private init(bracketed: String) {
        self.bracketed = bracketed
    }
}
