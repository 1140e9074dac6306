/// The DNS TXT record that publishes a DKIM public key (RFC 6376 §3.6.1).
package struct DKIMRecord: Sendable, Equatable {
    /// `SELECTOR._domainkey.DOMAIN`.
    package var name: String
    /// `v=DKIM1; k=rsa; p=...`.
    package var value: String

    /// The record of `key`'s public key.
    package init(key: DKIMKey) {
        name = "\(key.selector)._domainkey.\(key.domain)"
        value = "v=DKIM1; k=\(key.algorithm.rawValue); p=\(key.privateKey.publicKeyBase64)"
    }

    /// `value` split into character-strings of at most 255 bytes, as one TXT record holds them.
    package var strings: [String] {
        var pieces: [String] = []
        var rest = Substring(value)
        while !rest.isEmpty {
            pieces.append(String(rest.prefix(255)))
            rest = rest.dropFirst(255)
        }
        return pieces
    }

    /// The record as a zone-file line: `NAME. IN TXT "..." "..."`.
    package var zoneFileLine: String {
        "\(name). IN TXT " + strings.map { "\"\($0)\"" }.joined(separator: " ")
    }
}
