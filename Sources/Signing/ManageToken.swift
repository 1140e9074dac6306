/// The token of a reader's link to their own page: their unsubscribe token (``ReaderToken``), by
/// which the state database finds the address, then a signature of the address for
/// ``SigningKeys/Purpose/manage``.
///
/// A reader's links carry their generation: 0 until their links are first revoked (erasure and a
/// new sign-up, `subscribers rotate`), then the time of the newest revocation. The database keeps
/// each reader's generation; a link of any other one opens nothing. A link of generation 0 is the
/// unsubscribe token and 16 bytes of signature (44 characters, as every link was before
/// generations); a later one is the unsubscribe token, six bytes of generation and 12 bytes of a
/// signature of the address and the generation (46 characters). Each generation has one spelling,
/// and one reader's link stays the same from one mailing to the next, so a preview shows the link
/// a send mails. An unsubscribe token alone opens no reader's page: the rest can only be made with
/// the secret.
package enum ManageToken {
    /// The length of a token of a generation after 0, in characters.
    package static let length = ReaderToken.length + 24
    /// The length of a token of generation 0.
    package static let firstGenerationLength = 2 * ReaderToken.length

    /// A token's parts, once its signatures are checked.
    package struct Parsed: Sendable, Equatable {
        /// The unsubscribe token inside, by which the reader is looked up.
        package var readerToken: String
        /// The reader's generation of links the token belongs to.
        package var generation: Int64
    }

    /// The token of the reader whose address key is `emailKey`, of `generation` (0, or seconds since
    /// 1970 below 2^48).
    package static func make(for emailKey: String, generation: Int64 = 0, keys: SigningKeys) -> String {
        let reader = ReaderToken.make(for: emailKey, keys: keys)
        guard generation > 0 else {
            return reader + Base64URL.encode(keys.signature(of: emailKey.utf8, for: .manage).prefix(16))
        }
        let bytes = generationBytes(generation)
        return reader + Base64URL.encode(bytes + keys.signature(of: signed(emailKey, bytes), for: .manage).prefix(12))
    }

    /// The unsubscribe token inside `token`, by which the reader is looked up; `nil` when malformed.
    package static func readerToken(in token: some StringProtocol) -> String? {
        let count = token.utf8.count
        guard count == length || count == firstGenerationLength,
            ReaderToken.isWellFormed(token.prefix(ReaderToken.length)),
            let rest = Base64URL.decode(token.dropFirst(ReaderToken.length)),
            count == firstGenerationLength || rest.prefix(6).contains(where: { $0 != 0 })
        else { return nil }
        return String(token.prefix(ReaderToken.length))
    }

    /// `token`'s parts when it is a page token of `emailKey`, under the current or the previous secret.
    package static func parse(_ token: some StringProtocol, for emailKey: String, keys: SigningKeys) -> Parsed? {
        guard let reader = readerToken(in: token), ReaderToken.isValid(reader, for: emailKey, keys: keys),
            let rest = Base64URL.decode(token.dropFirst(ReaderToken.length))
        else { return nil }
        if token.utf8.count == firstGenerationLength {
            guard keys.isValid(rest, of: emailKey.utf8, for: .manage) else { return nil }
            return Parsed(readerToken: reader, generation: 0)
        }
        let bytes = Array(rest.prefix(6))
        guard keys.isValid(rest.dropFirst(6), of: signed(emailKey, bytes), for: .manage) else { return nil }
        return Parsed(readerToken: reader, generation: bytes.reduce(Int64(0)) { $0 << 8 | Int64($1) })
    }

    /// What a later generation's signature covers: the address key, a zero byte, the generation.
    private static func signed(_ emailKey: String, _ generation: [UInt8]) -> [UInt8] {
        Array(emailKey.utf8) + [0] + generation
    }

    private static func generationBytes(_ generation: Int64) -> [UInt8] {
        (0..<6).map { UInt8(truncatingIfNeeded: generation >> (40 - 8 * $0)) }
    }
}
