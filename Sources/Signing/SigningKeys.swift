import Crypto

/// The list's HMAC-SHA256 secret, with the previous one kept so that a rotation breaks no old link.
///
/// Every signature is bound to a ``Purpose``, so a token made for one use (an unsubscribe link) can
/// never be replayed as another (a bounce address). Signatures are made with the current secret and
/// accepted under either; comparisons take constant time.
package struct SigningKeys: Sendable {
    /// What a signature is for; part of the signed bytes.
    package enum Purpose: String, Sendable {
        /// A reader's unsubscribe token.
        case unsubscribe
        /// The token of a VERP envelope sender.
        case bounce
        /// The tag of a Message-ID, which a report quoting it proves it answers the list's message.
        case messageID
        /// A sign-up's confirmation link (``ConfirmationToken``).
        case confirmation
        /// The link to a reader's own page (``ManageToken``).
        case manage
        /// The time stamp a sign-up form carries (``FormStamp``).
        case form
        /// The keyed hash an erased address is remembered by (``ErasedAddress``).
        case erasure
    }

    /// The fewest bytes a secret may have.
    package static let minimumSecretLength = 32

    // Raw bytes, not `SymmetricKey`, which is not `Sendable`; a key is made per signature (cheap).
    private let current: [UInt8]
    private let previous: [UInt8]?

    /// Keys from the secrets' bytes; each must be at least ``minimumSecretLength`` bytes long.
    package init(current: some Sequence<UInt8>, previous: (some Sequence<UInt8>)? = [UInt8]?.none) {
        self.current = Array(current)
        self.previous = previous.map { Array($0) }
    }

    /// The full 32-byte HMAC-SHA256 of `message` for `purpose`, under the current secret.
    package func signature(of message: some Sequence<UInt8>, for purpose: Purpose) -> [UInt8] {
        Self.signature(of: message, for: purpose, key: current)
    }

    /// Whether `signature` (the whole MAC or a prefix of at least 10 bytes) signs `message` for
    /// `purpose` under the current or the previous secret. Takes the same time wherever the bytes differ.
    package func isValid(
        _ signature: some Collection<UInt8>,
        of message: some Sequence<UInt8>,
        for purpose: Purpose
    ) -> Bool {
        guard signature.count >= 10, signature.count <= 32 else { return false }
        let message = Array(message)
        var valid = Self.equalInConstantTime(signature, Self.signature(of: message, for: purpose, key: current))
        if let previous {
            valid =
                Self.equalInConstantTime(signature, Self.signature(of: message, for: purpose, key: previous)) || valid
        }
        return valid
    }

    /// `value` through a keyed permutation of 64-bit numbers for `purpose`, under the current secret:
    /// consecutive values come out unrelated, so a token made of one reveals no counter.
    package func sealed(_ value: UInt64, for purpose: Purpose) -> UInt64 {
        Self.feistel(value, key: current, purpose: purpose, inverse: false)
    }

    /// What `value` was sealed from, under the current secret and then the previous one.
    package func unsealed(_ value: UInt64, for purpose: Purpose) -> [UInt64] {
        [current, previous].compactMap { $0 }.map { Self.feistel(value, key: $0, purpose: purpose, inverse: true) }
    }

    /// Four rounds of a balanced Feistel network on the two 32-bit halves, each round function the
    /// first four bytes of an HMAC of the round number and the half: a permutation for any key.
    private static func feistel(_ value: UInt64, key: [UInt8], purpose: Purpose, inverse: Bool) -> UInt64 {
        var left = UInt32(truncatingIfNeeded: value >> 32)
        var right = UInt32(truncatingIfNeeded: value)
        func round(_ number: UInt8, _ half: UInt32) -> UInt32 {
            let input = [number] + withUnsafeBytes(of: half.bigEndian, Array.init)
            return signature(of: input, for: purpose, key: key).prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
        }
        for number in inverse ? [3, 2, 1, 0] : [0, 1, 2, 3] as [UInt8] {
            if inverse {
                (left, right) = (right ^ round(number, left), left)
            } else {
                (left, right) = (right, left ^ round(number, right))
            }
        }
        return UInt64(left) << 32 | UInt64(right)
    }

    private static func signature(of message: some Sequence<UInt8>, for purpose: Purpose, key: [UInt8]) -> [UInt8] {
        var mac = HMAC<SHA256>(key: SymmetricKey(data: key))
        mac.update(data: Array(purpose.rawValue.utf8) + [0])
        mac.update(data: Array(message))
        return Array(mac.finalize())
    }

    /// Compares `signature` with the first `signature.count` bytes of `expected`, touching every byte.
    private static func equalInConstantTime(_ signature: some Collection<UInt8>, _ expected: [UInt8]) -> Bool {
        var difference: UInt8 = 0
        for (index, byte) in signature.enumerated() { difference |= byte ^ expected[index] }
        return difference == 0
    }
}
