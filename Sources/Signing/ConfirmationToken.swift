import TextBasics

/// The token of a sign-up's confirmation link: bound to that use and to that one request, and
/// dated, so that it expires.
///
/// Layout before base64url: a 12-byte nonce that the state database keeps with the pending sign-up
/// (a new request gets a new one, so an older link stops working), the issue time in seconds since
/// 1970 (8 bytes, big-endian), and the first 16 bytes of the HMAC-SHA256 of the nonce, the time and
/// the address key for ``SigningKeys/Purpose/confirmation``: 36 bytes, 48 characters.
package struct ConfirmationToken: Sendable, Equatable {
    /// The request's nonce, as the state database keeps it (hex).
    package var nonce: String
    /// When the link was issued, in seconds since 1970.
    package var issuedAt: Int64

    /// The length of a token, in characters.
    package static let length = 48

    /// A token for `nonce` (12 random bytes) issued at `issuedAt`.
    package init(nonce: [UInt8], issuedAt: Int64) {
        self.nonce = Hex.lowercase(nonce)
        self.issuedAt = issuedAt
    }

    /// The link's text: signed for `emailKey` under the current secret.
    package func text(for emailKey: String, keys: SigningKeys) -> String {
        let body = (Hex.bytes(nonce) ?? []) + Self.bigEndian(issuedAt)
        return Base64URL.encode(body + keys.signature(of: body + Array(emailKey.utf8), for: .confirmation).prefix(16))
    }

    /// The token `text` carries, unchecked: its signature can only be checked once the address of the
    /// nonce is known (``isSigned(_:for:keys:)``). `nil` for anything not shaped like one.
    package static func parse(_ text: some StringProtocol) -> ConfirmationToken? {
        guard text.utf8.count == length, let bytes = Base64URL.decode(text), bytes.count == 36 else { return nil }
        let time = bytes[12..<20].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        return ConfirmationToken(nonce: Array(bytes[0..<12]), issuedAt: time)
    }

    /// Whether `text` is this token signed for `emailKey`, under the current or the previous secret.
    package static func isSigned(_ text: some StringProtocol, for emailKey: String, keys: SigningKeys) -> Bool {
        guard text.utf8.count == length, let bytes = Base64URL.decode(text), bytes.count == 36 else { return false }
        let body = Array(bytes[0..<20])
        return keys.isValid(bytes[20..<36], of: body + Array(emailKey.utf8), for: .confirmation)
    }

    private static func bigEndian(_ value: Int64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }
}
