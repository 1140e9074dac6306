import DKIM
import Foundation
import MIME

extension Configuration {
    /// `DKIM s2026e._domainkey.example.org ed25519, s2026r._domainkey.example.org rsa 2048 bits`, or nil unsigned.
    package var dkimSummary: String? {
        guard !dkim.isEmpty else { return nil }
        return "DKIM "
            + dkim.map { key in
                let size = key.algorithm == .rsa ? " \(key.privateKey.bits) bits" : ""
                return "\(key.record.name) \(key.algorithm.rawValue)\(size)"
            }.joined(separator: ", ")
    }

    /// What `dkim keygen` can learn from a config it may not be able to load yet (its key does not exist).
    package struct DKIMHints: Sendable, Equatable {
        /// The domain of the config's `from` address.
        package var fromDomain: String?
        /// The `dkim` entry with the selector asked for: its domain and resolved key file.
        package var domain: String?
        /// The resolved `keyFile` of that entry.
        package var keyFile: URL?
    }

    /// Reads only `from` and the `dkim` entry for `selector` of the config at `path`; nil when it cannot be read.
    package static func dkimHints(at path: String, selector: String) -> DKIMHints? {
        let file = URL(fileURLWithPath: path).standardizedFileURL
        guard let data = try? Data(contentsOf: file),
            let top = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return nil }
        var hints = DKIMHints()
        if let from = top["from"] as? String, let mailbox = try? Mailbox(parsing: from) {
            hints.fromDomain = String(mailbox.domain).lowercased()
        }
        let entries = top["dkim"] as? [[String: Any]] ?? []
        if let entry = entries.first(where: { $0["selector"] as? String == selector }) {
            hints.domain = (entry["domain"] as? String)?.lowercased()
            if let keyFile = entry["keyFile"] as? String {
                hints.keyFile =
                    keyFile.hasPrefix("/")
                    ? URL(fileURLWithPath: keyFile).standardizedFileURL
                    : file.deletingLastPathComponent().appendingPathComponent(keyFile).standardizedFileURL
            }
        }
        return hints
    }
}
