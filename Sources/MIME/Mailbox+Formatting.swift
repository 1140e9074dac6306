import TextBasics

extension Mailbox {
    /// The address as a header carries it: an internationalised domain as A-labels, a UTF-8 local
    /// part as it is (RFC 6532; only a relay offering SMTPUTF8 takes such a message).
    package var headerAddress: String {
        guard address.utf8.contains(where: { $0 >= 0x80 }), let at = address.lastIndex(of: "@") else { return address }
        let ascii = Punycode.asciiDomain(String(address[address.index(after: at)...])) ?? String(domain)
        return "\(address[..<at])@\(ascii)"
    }

    /// The mailbox as it goes into a From, To or Reply-To header.
    ///
    /// The bare address when there is no name; otherwise the name, then
    /// ` <address>`, the address as ``headerAddress`` writes it. The name is written as a plain phrase when it is only
    /// atext words and spaces; as a quoted-string (with `"` and `\` escaped)
    /// when it has other ASCII specials such as `,` or `.`; and as RFC 2047
    /// encoded words when it is non-ASCII or contains `=?`.
    package var headerValue: String {
        guard let displayName else { return headerAddress }
        return Self.phrase(for: displayName) + " <" + headerAddress + ">"
    }

    /// `name` written as an RFC 5322 phrase.
    static func phrase(for name: String) -> String {
        if EncodedWord.needsEncoding(name) {
            return EncodedWord.encodeIfNeeded(name)
        }
        if name.utf8.allSatisfy({ ASCII.isAtext($0) || $0 == ASCII.space }) {
            return name
        }
        var quoted: [UInt8] = [ASCII.quote]
        quoted.reserveCapacity(name.utf8.count + 4)
        for byte in name.utf8 {
            if byte == ASCII.quote || byte == ASCII.backslash {
                quoted.append(ASCII.backslash)
            }
            quoted.append(byte)
        }
        quoted.append(ASCII.quote)
        return String(decoding: quoted, as: UTF8.self)
    }
}
