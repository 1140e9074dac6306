/// The token of a reader's link to their own page: their unsubscribe token (``ReaderToken``), by
/// which the state database finds the address, followed by a second signature of the address for
/// ``SigningKeys/Purpose/manage``. 44 characters.
///
/// An unsubscribe token alone opens no reader's page: the second half can only be made with the secret.
package enum ManageToken {
    /// The length of a token, in characters.
    package static let length = 2 * ReaderToken.length

    /// The token of the reader whose address key is `emailKey`.
    package static func make(for emailKey: String, keys: SigningKeys) -> String {
        ReaderToken.make(for: emailKey, keys: keys)
            + Base64URL.encode(keys.signature(of: emailKey.utf8, for: .manage).prefix(16))
    }

    /// The unsubscribe token inside `token`, by which the reader is looked up; `nil` when malformed.
    package static func readerToken(in token: some StringProtocol) -> String? {
        guard token.utf8.count == length, Base64URL.decode(token.prefix(ReaderToken.length)) != nil,
            Base64URL.decode(token.suffix(ReaderToken.length)) != nil
        else { return nil }
        return String(token.prefix(ReaderToken.length))
    }

    /// Whether `token` is the page token of `emailKey`, under the current or the previous secret.
    package static func isValid(_ token: some StringProtocol, for emailKey: String, keys: SigningKeys) -> Bool {
        guard let reader = readerToken(in: token), ReaderToken.isValid(reader, for: emailKey, keys: keys),
            let signature = Base64URL.decode(token.suffix(ReaderToken.length))
        else { return false }
        return keys.isValid(signature, of: emailKey.utf8, for: .manage)
    }
}
