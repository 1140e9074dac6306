/// A DKIM signing algorithm: the `a=` tag of a signature and the `k=` tag of its key record.
package enum DKIMAlgorithm: String, Sendable, CaseIterable {
    /// RSA with PKCS#1 v1.5 padding over SHA-256 (RFC 6376), 2048 bits or more.
    case rsa
    /// Ed25519 over the SHA-256 hash of the header data (RFC 8463).
    case ed25519

    /// The `a=` value: `rsa-sha256` or `ed25519-sha256`.
    package var signatureAlgorithm: String {
        switch self {
        case .rsa: "rsa-sha256"
        case .ed25519: "ed25519-sha256"
        }
    }

    /// The name as a config or the command line writes it (`rsa`, `ed25519`, or the `a=` form).
    package init?(name: String) {
        switch name.lowercased() {
        case "rsa", "rsa-sha256": self = .rsa
        case "ed25519", "ed25519-sha256": self = .ed25519
        default: return nil
        }
    }

    /// The smallest RSA key DKIM signers should use today, in bits.
    package static let minimumRSABits = 2048
}
