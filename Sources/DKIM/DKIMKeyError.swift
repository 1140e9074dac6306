/// Why a private key cannot be used for DKIM signing.
package enum DKIMKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not PEM, or its base64 or DER is damaged.
    case notPEM
    /// A PEM block of a kind that is not an unencrypted private key (`CERTIFICATE`, `PUBLIC KEY`, ...).
    case unsupportedBlock(String)
    /// The key is of another algorithm than the one configured.
    case wrongType(expected: DKIMAlgorithm, found: String)
    /// An RSA key shorter than DKIM accepts; `bits` is its size when it could be read.
    case tooShort(bits: Int?)
    /// The key's data does not form a valid key of its kind.
    case invalid(String)

    /// What is wrong, in words that say what to do.
    package var description: String {
        switch self {
        case .notPEM:
            "is not a PEM private key (expected a -----BEGIN PRIVATE KEY----- block)"
        case .unsupportedBlock(let label):
            label.contains("ENCRYPTED")
                ? "is an encrypted private key; store it unencrypted (mode 0600) "
                    + "or make one with newsletter dkim keygen"
                : "holds a '\(label)' block, not a private key"
        case .wrongType(let expected, let found):
            "is \(found) key, but the algorithm is \(expected.rawValue); fix algorithm or keyFile"
        case .tooShort(let bits):
            "is an RSA key of \(bits.map { "\($0) bits" } ?? "fewer than 1024 bits"); DKIM needs "
                + "\(DKIMAlgorithm.minimumRSABits) bits or more: make one with newsletter dkim keygen --algorithm rsa"
        case .invalid(let reason):
            "is not a valid private key (\(reason))"
        }
    }
}
