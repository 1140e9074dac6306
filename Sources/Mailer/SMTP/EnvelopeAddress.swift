import TextBasics

/// An envelope address (MAIL FROM / RCPT TO) that is safe to hand to libcurl.
///
/// The address goes into our own MAIL FROM and RCPT TO lines as it is (the mail transaction is
/// written with `curl_easy_send`, see `SMTPConnection+Envelope.swift`), so a CR or LF would let an
/// address inject commands. Only printable ASCII
/// without spaces and angle brackets passes; the caller validates addresses
/// too, this is defence in depth.
struct EnvelopeAddress {
    /// Why an address cannot be used.
    enum Problem: Error, Equatable {
        /// The address is empty.
        case empty
        /// The address is longer than an SMTP path may be (256 octets with brackets).
        case tooLong
        /// The address contains CR or LF.
        case lineBreak
        /// The address contains NUL or another control character.
        case controlCharacter
        /// The address contains a space.
        case space
        /// The address contains `<` or `>`.
        case angleBracket
        /// The address contains a character outside ASCII.
        case nonASCII

        /// A short explanation for a reply's detail; never echoes the address.
        var explanation: String {
            switch self {
            case .empty: "is empty"
            case .tooLong: "is longer than 254 characters"
            case .lineBreak: "contains a line break (CR or LF)"
            case .controlCharacter: "contains a control character (NUL or similar)"
            case .space: "contains a space"
            case .angleBracket: "contains '<' or '>'"
            case .nonASCII: "contains a non-ASCII character"
            }
        }
    }

    /// The address in angle brackets, as MAIL FROM and RCPT TO carry it.
    let bracketed: String

    /// Validates `address` and wraps it in angle brackets.
    init(validating address: String) throws(Problem) {
        let bytes = Array(address.utf8)
        guard !bytes.isEmpty else { throw .empty }
        // Line breaks first: they are the dangerous case and the one to report.
        guard !bytes.contains(0x0D), !bytes.contains(0x0A) else { throw .lineBreak }
        for byte in bytes {
            switch byte {
            case 0x20: throw .space
            case UInt8(ascii: "<"), UInt8(ascii: ">"): throw .angleBracket
            case 0x80...: throw .nonASCII
            case 0x00..<0x20, 0x7F: throw .controlCharacter
            default: continue
            }
        }
        guard bytes.count <= 254 else { throw .tooLong }
        bracketed = "<\(address)>"
    }
}
