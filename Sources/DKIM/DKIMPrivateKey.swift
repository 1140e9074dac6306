import Crypto
import Foundation
import _CryptoExtras

/// A private key that signs DKIM signatures: RSA (2048 bits or more) or Ed25519.
package enum DKIMPrivateKey: Sendable {
    /// An RSA key, used with PKCS#1 v1.5 padding.
    case rsa(_RSA.Signing.PrivateKey)
    /// An Ed25519 key.
    case ed25519(Ed25519Key)

    /// The algorithm this key signs with.
    package var algorithm: DKIMAlgorithm {
        switch self {
        case .rsa: .rsa
        case .ed25519: .ed25519
        }
    }

    /// The key size in bits (256 for Ed25519).
    package var bits: Int {
        switch self {
        case .rsa(let key): key.keySizeInBits
        case .ed25519: 256
        }
    }

    /// Generates a new key: RSA of `bits` bits (2048 or more), or Ed25519 (`bits` ignored).
    package static func generate(
        _ algorithm: DKIMAlgorithm,
        bits: Int = DKIMAlgorithm.minimumRSABits
    )
        throws(DKIMKeyError) -> DKIMPrivateKey
    {
        switch algorithm {
        case .ed25519:
            return .ed25519(Ed25519Key(Curve25519.Signing.PrivateKey()))
        case .rsa:
            guard bits >= DKIMAlgorithm.minimumRSABits else { throw .tooShort(bits: bits) }
            guard bits <= 8192, bits % 8 == 0 else { throw .invalid("RSA keys are 2048 to 8192 bits, a multiple of 8") }
            do { return .rsa(try _RSA.Signing.PrivateKey(keySize: .init(bitCount: bits))) } catch {
                throw .invalid("cannot generate an RSA key of \(bits) bits: \(error)")
            }
        }
    }

    /// Reads a PEM private key that must be of `algorithm`.
    ///
    /// Accepts PKCS#8 (`PRIVATE KEY`) for both algorithms and PKCS#1 (`RSA PRIVATE KEY`) for RSA.
    package init(pem text: String, algorithm: DKIMAlgorithm) throws(DKIMKeyError) {
        let block = try PEMBlock(parsing: text)
        let found = try Self.kind(of: block)
        guard found == algorithm.rawValue else {
            throw .wrongType(expected: algorithm, found: Self.article(found))
        }
        switch algorithm {
        case .rsa:
            let key: _RSA.Signing.PrivateKey
            do { key = try _RSA.Signing.PrivateKey(unsafeDERRepresentation: block.der) } catch {
                if case CryptoKitError.incorrectParameterSize = error { throw .tooShort(bits: nil) }
                throw .invalid("\(error)")
            }
            guard key.keySizeInBits >= DKIMAlgorithm.minimumRSABits else { throw .tooShort(bits: key.keySizeInBits) }
            self = .rsa(key)
        case .ed25519:
            guard let seed = Self.ed25519Seed(in: block.der) else { throw .invalid("damaged Ed25519 PKCS#8 data") }
            do { self = .ed25519(Ed25519Key(try Curve25519.Signing.PrivateKey(rawRepresentation: seed))) } catch {
                throw .invalid("\(error)")
            }
        }
    }

    /// The key as PEM: PKCS#8 `PRIVATE KEY` for both algorithms.
    package var pemRepresentation: String {
        switch self {
        case .rsa(let key):
            key.pkcs8PEMRepresentation
        case .ed25519(let key):
            PEMBlock.text(label: "PRIVATE KEY", der: Self.ed25519PKCS8Prefix + [UInt8](key.key.rawRepresentation))
        }
    }

    /// The `p=` value of the key record: base64 of the SubjectPublicKeyInfo (RSA) or of the raw key (Ed25519).
    package var publicKeyBase64: String {
        switch self {
        case .rsa(let key): key.publicKey.derRepresentation.base64EncodedString()
        case .ed25519(let key): key.key.publicKey.rawRepresentation.base64EncodedString()
        }
    }

    /// Signs the SHA-256 `digest` of the header hash input, as `a=` asks.
    func signature(forDigest digest: SHA256Digest) throws -> [UInt8] {
        switch self {
        case .rsa(let key):
            [UInt8](try key.signature(for: digest, padding: .insecurePKCS1v1_5).rawRepresentation)
        case .ed25519(let key):
            // RFC 8463 §3: PureEdDSA over the SHA-256 hash of the canonicalized header data.
            [UInt8](try key.key.signature(for: Array(digest)))
        }
    }

    // MARK: - Reading DER

    /// `PrivateKeyInfo` for Ed25519 (RFC 8410) up to the 32-byte seed.
    static let ed25519PKCS8Prefix: [UInt8] = [
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]
    private static let ed25519OID: [UInt8] = [0x06, 0x03, 0x2B, 0x65, 0x70]
    private static let knownOIDs: [(name: String, oid: [UInt8])] = [
        ("rsa", [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]),
        ("ed25519", ed25519OID),
        ("Ed448", [0x06, 0x03, 0x2B, 0x65, 0x71]),
        ("X25519", [0x06, 0x03, 0x2B, 0x65, 0x6E]),
        ("EC", [0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]),
        ("DSA", [0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x01]),
    ]

    /// `rsa`, `ed25519`, or the name of another kind of key, from the block's label and algorithm identifier.
    private static func kind(of block: PEMBlock) throws(DKIMKeyError) -> String {
        switch block.label {
        case "RSA PRIVATE KEY": return "rsa"
        case "EC PRIVATE KEY": return "EC"
        case "DSA PRIVATE KEY": return "DSA"
        case "PRIVATE KEY":
            // The algorithm identifier sits near the start of a PrivateKeyInfo.
            let head = block.der.prefix(32)
            for (name, oid) in knownOIDs where head.firstRange(of: oid) != nil { return name }
            throw .invalid("a PKCS#8 key of an unknown algorithm")
        default:
            throw .unsupportedBlock(block.label)
        }
    }

    private static func article(_ kind: String) -> String {
        switch kind {
        case "rsa": "an RSA"
        case "ed25519": "an Ed25519"
        case "EC": "an EC"
        default: "a \(kind)"
        }
    }

    /// The 32-byte seed of an Ed25519 PKCS#8 key (v1, or v2 with the public key appended).
    private static func ed25519Seed(in der: [UInt8]) -> [UInt8]? {
        guard let oid = der.firstRange(of: ed25519OID) else { return nil }
        let rest = der[oid.upperBound...]
        guard let wrapper = rest.firstRange(of: [0x04, 0x22, 0x04, 0x20] as [UInt8]),
            der.count >= wrapper.upperBound + 32
        else { return nil }
        return Array(der[wrapper.upperBound..<(wrapper.upperBound + 32)])
    }
}

/// An Ed25519 private key that can be shared between the delivery threads.
package struct Ed25519Key: @unchecked Sendable {
    // @unchecked: swift-crypto does not mark Curve25519.Signing.PrivateKey Sendable on Linux because
    // its bytes sit in a reference-backed buffer. The key is never mutated after it is made; signing
    // only reads those bytes, so sharing it between threads is safe.

    /// The key.
    package let key: Curve25519.Signing.PrivateKey

    /// Wraps `key`.
    package init(_ key: Curve25519.Signing.PrivateKey) {
        self.key = key
    }
}
