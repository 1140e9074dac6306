import TextBasics

/// The signed token of a VERP envelope sender, `LOCAL+TOKEN@DOMAIN`: it names one delivery.
///
/// The token is the delivery's row id in decimal, a `-`, and the first 10 bytes of the HMAC-SHA256
/// of that id for ``SigningKeys/Purpose/bounce`` in lower-case hex: only digits, letters a-f and
/// `-`, so it survives MTAs that fold the case of local parts. A bounce whose token does not
/// verify names no delivery: nobody can suppress a reader by forging one.
package enum BounceToken {
    /// The number of signature bytes in a token.
    package static let signatureLength = 10

    /// The token of the delivery with row id `deliveryID`.
    package static func make(deliveryID: Int64, keys: SigningKeys) -> String {
        let signature = keys.signature(of: String(deliveryID).utf8, for: .bounce).prefix(signatureLength)
        return "\(deliveryID)-\(Hex.lowercase(signature))"
    }

    /// `local+TOKEN@domain` for `address` (`local@domain`) and the delivery `deliveryID`.
    package static func envelopeSender(_ address: String, deliveryID: Int64, keys: SigningKeys) -> String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return "\(address[..<at])+\(make(deliveryID: deliveryID, keys: keys))\(address[at...])"
    }

    /// The delivery id that `token` names when its signature verifies (any letter case), else `nil`.
    package static func deliveryID(in token: some StringProtocol, keys: SigningKeys) -> Int64? {
        let parts = token.lowercased().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count <= 19, let id = Int64(parts[0]), id > 0, String(id) == parts[0],
            parts[1].count == signatureLength * 2, let signature = Hex.bytes(parts[1])
        else { return nil }
        return keys.isValid(signature, of: String(id).utf8, for: .bounce) ? id : nil
    }
}
