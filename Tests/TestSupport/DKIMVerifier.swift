import Foundation

/// Runs `Fixtures/dkim_verify.py`: dkimpy (Debian's python3-dkim, with python3-nacl for Ed25519)
/// verifies every DKIM signature of messages, with DNS answered from given TXT records.
package enum DKIMVerifier {
    /// What dkimpy said about one signature.
    package struct Signature: Decodable, Sendable {
        /// `d=`.
        package let domain: String
        /// `s=`.
        package let selector: String
        /// `a=`.
        package let algorithm: String
        /// `h=` as written.
        package let headers: String
        /// Whether it verified.
        package let verified: Bool
        /// dkimpy's complaint, when it raised one.
        package let error: String?
    }

    /// The hint given when dkimpy cannot run.
    package static let hint =
        "the DKIM checks need Debian's python3-dkim and python3-nacl for /usr/bin/python3: "
        + "apt-get install python3-dkim python3-nacl"

    /// The signatures of each of `messages`, in order, verified against `records` (DNS name to TXT value).
    package static func verify(_ messages: [[UInt8]], records: [String: String]) throws -> [[Signature]] {
        let folder = try TemporaryFolder(prefix: "dkim-verify")
        _ = try folder.write(try JSONEncoder().encode(records), to: "records.json")
        var paths: [String] = []
        for (index, message) in messages.enumerated() {
            _ = try folder.write(Data(message), to: "message-\(index).eml")
            paths.append(folder.path("message-\(index).eml"))
        }
        let python = URL(fileURLWithPath: "/usr/bin/python3")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw TestSupportError(description: "/usr/bin/python3 is missing; \(hint)")
        }
        let script = Repository.supportFixture("dkim_verify.py").path
        let result = try Command.run(python, [script, folder.path("records.json")] + paths)
        guard result.status == 0 else {
            throw TestSupportError(
                description: "dkim_verify.py exited with \(result.status): \(result.stderr.suffix(1500)); \(hint)"
            )
        }
        return try JSONDecoder().decode([[Signature]].self, from: result.stdout)
    }

    /// The DNS name and the joined value of a zone-file line `NAME. IN TXT "part" "part"`.
    package static func record(fromZoneFileLine line: String) -> (name: String, value: String)? {
        let fields = line.split(separator: " ", maxSplits: 3)
        guard fields.count == 4, fields[1] == "IN", fields[2] == "TXT" else { return nil }
        var value = ""
        var inside = false
        for character in fields[3] {
            if character == "\"" { inside.toggle() } else if inside { value.append(character) }
        }
        return (String(fields[0]), value)
    }
}
