import TextBasics

/// The signed token of a VERP envelope sender, `LOCAL+TOKEN@DOMAIN`: it names one delivery.
///
/// The token is the delivery's row id sealed by a keyed permutation (``SigningKeys/sealed(_:for:)``)
/// as 16 lower-case hex digits, a `-`, and the first 10 bytes of the HMAC-SHA256 of the id for
/// ``SigningKeys/Purpose/bounce`` in lower-case hex: only digits, letters a-f and `-`, so it
/// survives MTAs that fold the case of local parts, and consecutive deliveries get unrelated
/// tokens, so a reader learns nothing of how much the list sends. A bounce whose token does not
/// verify names no delivery: nobody can suppress a reader by forging one.
package enum BounceToken {
    /// The number of signature bytes in a token.
    package static let signatureLength = 10

    /// The token of the delivery with row id `deliveryID`.
    package static func make(deliveryID: Int64, keys: SigningKeys) -> String {
        let sealed = keys.sealed(UInt64(bitPattern: deliveryID), for: .bounce)
        let signature = keys.signature(of: String(deliveryID).utf8, for: .bounce).prefix(signatureLength)
        return Hex.lowercase(withUnsafeBytes(of: sealed.bigEndian, Array.init)) + "-" + Hex.lowercase(signature)
    }

    /// `local+TOKEN@domain` for `address` (`local@domain`) and the delivery `deliveryID`.
    package static func envelopeSender(_ address: String, deliveryID: Int64, keys: SigningKeys) -> String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return "\(address[..<at])+\(make(deliveryID: deliveryID, keys: keys))\(address[at...])"
    }

    /// The delivery id that `token` names when its signature verifies (any letter case), else `nil`.
    package static func deliveryID(in token: some StringProtocol, keys: SigningKeys) -> Int64? {
        let parts = token.lowercased().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 16, let sealedBytes = Hex.bytes(parts[0]),
            parts[1].count == signatureLength * 2, let signature = Hex.bytes(parts[1])
        else { return nil }
        let sealed = sealedBytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        for candidate in keys.unsealed(sealed, for: .bounce) {
            let id = Int64(bitPattern: candidate)
            if id > 0, keys.isValid(signature, of: String(id).utf8, for: .bounce) { return id }
        }
        return nil
    }
}
