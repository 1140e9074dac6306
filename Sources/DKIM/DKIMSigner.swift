import Crypto
import Foundation

/// Signs finished messages with one or more DKIM keys (`c=relaxed/relaxed`).
///
/// The body is hashed once per message, in one pass over the message's own bytes, and shared by
/// every key; each key then signs its header hash once. Each signature is a `DKIM-Signature`
/// header field folded within 78 columns, prepended to the message.
package struct DKIMSigner: Sendable {
    /// The keys; each adds one signature.
    package let keys: [DKIMKey]

    /// The header fields signed when present, in `h=` order; `From` is also listed once more than it
    /// occurs (over-signed), so a second `From` added later breaks the signature.
    package static let signedFields = [
        "from", "to", "subject", "date", "message-id", "mime-version", "content-type",
        "list-id", "list-unsubscribe", "list-unsubscribe-post", "reply-to",
    ]

    /// The widest a line of the signature header may be.
    static let lineLimit = 78

    /// A signer for `keys`.
    package init(keys: [DKIMKey]) {
        self.keys = keys
    }

    /// `message` (CRLF line ends) with one `DKIM-Signature` field per key in front, timestamped `time`.
    package func sign(_ message: [UInt8], at time: Date = Date()) throws(DKIMSigningError) -> [UInt8] {
        let header = try signatureFields(for: message, at: time)
        var signed: [UInt8] = []
        signed.reserveCapacity(header.count + message.count)
        signed += header
        signed += message
        return signed
    }

    /// The `DKIM-Signature` fields (each ending in CRLF) that sign `message`, one per key.
    package func signatureFields(for message: [UInt8], at time: Date = Date()) throws(DKIMSigningError) -> [UInt8] {
        let fields = DKIMHeaderFields(message)
        var hasher = SHA256()
        message.withUnsafeBufferPointer { whole in
            let body = UnsafeBufferPointer(rebasing: whole[fields.bodyStart...])
            DKIMCanonicalization.relaxedBody(body) { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        let bodyHash = Data(hasher.finalize()).base64EncodedString()

        // The signed fields and their canonical forms are the same for every key.
        var names: [String] = []
        var canonical: [UInt8] = []
        canonical.reserveCapacity(1024)
        for name in Self.signedFields {
            let instances = fields.fields.filter { $0.name == name }
            guard !instances.isEmpty else { continue }
            // Several instances are taken from the bottom up (RFC 6376 §5.4.2).
            for field in instances.reversed() {
                names.append(name)
                DKIMCanonicalization.appendRelaxedHeader(message[field.range], to: &canonical)
            }
            if name == "from" { names.append(name) }  // over-signed: a missing instance hashes as nothing
        }

        var output: [UInt8] = []
        let timestamp = Int(time.timeIntervalSince1970)
        for key in keys {
            var folder = HeaderFolder(name: "DKIM-Signature:")
            for tag in [
                "v=1;", "a=\(key.algorithm.signatureAlgorithm);", "c=relaxed/relaxed;",
                "d=\(key.domain);", "s=\(key.selector);", "t=\(timestamp);",
            ] {
                folder.append(tag)
            }
            for (index, name) in names.enumerated() {
                let piece = (index == 0 ? "h=" : "") + name + (index == names.count - 1 ? ";" : ":")
                folder.append(piece, separator: index == 0 ? " " : "")
            }
            folder.append("bh=\(bodyHash);")
            folder.append("b=")
            var input = canonical
            DKIMCanonicalization.appendRelaxedHeader(folder.bytes[...], withCRLF: false, to: &input)
            let signature: [UInt8]
            do { signature = try key.privateKey.signature(forDigest: SHA256.hash(data: input)) } catch {
                throw DKIMSigningError(selector: key.selector, reason: "\(error)")
            }
            folder.appendBreakable(Data(signature).base64EncodedString())
            output += folder.bytes
            output += DKIMCanonicalization.crlf
        }
        return output
    }
}

/// A signature could not be made (the crypto library refused the key).
package struct DKIMSigningError: Error, Sendable, CustomStringConvertible {
    /// The selector of the key that failed.
    package var selector: String
    /// What the library said.
    package var reason: String

    /// `cannot sign with the DKIM key s2026e: ...`.
    package var description: String { "cannot sign with the DKIM key \(selector): \(reason)" }
}
