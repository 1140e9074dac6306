import TextBasics

extension MessageTemplate {
    /// A multipart boundary derived from `seed`: `=_nl_` and 16 hex digits
    /// of a hash of the seed, such as `=_nl_3F2A9C0B71D4E856`.
    ///
    /// Quoted-printable output only ever has `=` before two hex digits or a
    /// line break, so `=_` cannot appear in a quoted-printable part and the
    /// boundary can never occur inside one. The same seed (say, the issue
    /// number) gives the same boundary.
    package static func boundary(seed: String) -> String {
        var text: [UInt8] = Array("=_nl_".utf8)
        Hex.append(FNV1a.hash(seed.utf8), digits: 16, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// A stable Message-ID: `<kind-number.HEX@domain>`, where HEX is the
    /// 64-bit FNV-1a hash (16 upper-case hex digits) of the lower-cased
    /// recipient address.
    ///
    /// The same input gives the same ID, so a resend after a crash carries the
    /// same Message-ID and receivers can drop the duplicate; different
    /// recipients get different IDs. `kind` (such as `issue` or `alert`) and
    /// `domain` (the sender's domain) should be letters, digits, hyphens and,
    /// in the domain, dots; any other byte is replaced by `-` so the result is
    /// always a well-formed msg-id.
    package static func messageID(kind: String, number: Int, recipient: String, domain: String) -> String {
        var hasher = FNV1a()
        for byte in recipient.utf8 {
            hasher.combine(ASCII.lowercased(byte))
        }
        var tag: [UInt8] = []
        Hex.append(hasher.value, digits: 16, to: &tag)
        return messageID(kind: kind, number: number, tag: String(decoding: tag, as: UTF8.self), domain: domain)
    }

    /// `<kind-number.TAG@domain>` with a tag the caller made (a keyed one, so that nobody but the list
    /// can write a Message-ID the list would recognise); the same rules as above for `kind` and
    /// `domain`, and a tag of letters and digits.
    package static func messageID(kind: String, number: Int, tag: String, domain: String) -> String {
        var id: [UInt8] = [ASCII.lessThan]
        id.append(contentsOf: kind.utf8.map { ASCII.isAtext($0) ? $0 : ASCII.hyphen })
        id.append(ASCII.hyphen)
        id.append(contentsOf: String(number).utf8)
        id.append(ASCII.dot)
        id.append(contentsOf: tag.utf8.map { ASCII.isAlphanumeric($0) ? $0 : ASCII.hyphen })
        id.append(ASCII.at)
        let host = domain.utf8.map { ASCII.isAtext($0) || $0 == ASCII.dot ? $0 : ASCII.hyphen }
        id.append(contentsOf: host.isEmpty ? Array("localhost".utf8) : host)
        id.append(ASCII.greaterThan)
        return String(decoding: id, as: UTF8.self)
    }
}
