import TextBasics

/// What is kept of an erased address: its keyed hash, so that a later mailing can skip it without
/// the address being anywhere in the state files. Without the secret the hash reveals nothing,
/// not even by trying a list of likely addresses.
package enum ErasedAddress {
    /// The hash of `emailKey` (the address in lower case): 32 hex digits.
    package static func hash(of emailKey: String, keys: SigningKeys) -> String {
        Hex.lowercase(keys.signature(of: emailKey.utf8, for: .erasure).prefix(16))
    }
}
