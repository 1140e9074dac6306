/// The opaque, signed token in a reader's unsubscribe link: it identifies the reader without
/// carrying the address in any form.
///
/// The token is the first 16 bytes of the HMAC-SHA256 of the reader's address key (the address in
/// lower case) for ``SigningKeys/Purpose/unsubscribe``, in base64url: 22 characters. The same
/// reader always gets the same token under one secret, so a preview shows the exact link a send
/// mails. The state database maps each token it handed out back to its address; ``isValid(_:for:keys:)``
/// then confirms, in constant time, that the token really signs that address.
package enum ReaderToken {
    /// The length of a token, in characters.
    package static let length = 22

    /// The token of the reader whose address key (lower-cased address) is `emailKey`.
    package static func make(for emailKey: String, keys: SigningKeys) -> String {
        Base64URL.encode(keys.signature(of: emailKey.utf8, for: .unsubscribe).prefix(16))
    }

    /// Whether `token` is well formed: ``length`` base64url characters.
    package static func isWellFormed(_ token: some StringProtocol) -> Bool {
        token.utf8.count == length && Base64URL.decode(token) != nil
    }

    /// Whether `token` is the token of `emailKey` under the current or the previous secret.
    package static func isValid(_ token: some StringProtocol, for emailKey: String, keys: SigningKeys) -> Bool {
        guard token.utf8.count == length, let bytes = Base64URL.decode(token) else { return false }
        return keys.isValid(bytes, of: emailKey.utf8, for: .unsubscribe)
    }
}
