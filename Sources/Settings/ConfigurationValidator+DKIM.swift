import DKIM
import Foundation
import MIME
import NewsletterCore

extension ConfigurationFile {
    /// The `dkim` list, refused with a plain message when it is not a list.
    struct DKIMList: Decodable {
        var entries: [DKIMEntry]

        init(from decoder: any Decoder) throws {
            guard var list = try? decoder.unkeyedContainer() else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: #"must be a list of keys: [{"domain": …, "selector": …, "algorithm": …, "#
                            + #""keyFile": …}]"#
                    )
                )
            }
            var entries: [DKIMEntry] = []
            while !list.isAtEnd { entries.append(try list.decode(DKIMEntry.self)) }
            self.entries = entries
        }
    }

    /// One entry of the `dkim` list: a signing key.
    struct DKIMEntry: Decodable {
        var domain: String
        var selector: String
        var algorithm: String
        var keyFile: String

        /// The keys an entry may have.
        static let knownKeys: Set<String> = ["domain", "selector", "algorithm", "keyFile"]

        private struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        private enum CodingKeys: String, CodingKey { case domain, selector, algorithm, keyFile }

        init(from decoder: any Decoder) throws {
            guard let all = try? decoder.container(keyedBy: AnyKey.self) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "must be an object with the keys domain, selector, algorithm, keyFile"
                    )
                )
            }
            if let unknown = all.allKeys.map(\.stringValue).sorted().first(where: { !Self.knownKeys.contains($0) }) {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "unknown key '\(unknown)'; the keys are "
                            + Self.knownKeys.sorted().joined(separator: ", ")
                    )
                )
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            domain = try container.decode(String.self, forKey: .domain)
            selector = try container.decode(String.self, forKey: .selector)
            algorithm = try container.decode(String.self, forKey: .algorithm)
            keyFile = try container.decode(String.self, forKey: .keyFile)
        }
    }
}

extension ConfigurationValidator {
    /// The signing keys of the `dkim` list, each loaded and checked: its domain aligned with `from`
    /// (the From domain or a parent of it), its key file present (else `.missingInput`), readable,
    /// of the configured algorithm and, for RSA, 2048 bits or more (else `.badConfiguration`).
    func dkimKeys(
        _ entries: [ConfigurationFile.DKIMEntry],
        from: Mailbox
    ) throws(NewsletterError) -> [(key: DKIMKey, file: URL)] {
        var keys: [(key: DKIMKey, file: URL)] = []
        let fromDomain = String(from.domain).lowercased()
        for (index, entry) in entries.enumerated() {
            let name = "dkim[\(index)] (\(entry.selector))"
            func fail(_ message: String, _ code: NewsletterError.Code = .badConfiguration) -> NewsletterError {
                NewsletterError(code, "\(name): \(message)", context: path)
            }
            guard DKIMKey.isValidSelector(entry.selector) else {
                throw fail("selector must be letters, digits and hyphens (dots between labels), e.g. s2026e")
            }
            let domain = entry.domain.lowercased()
            guard DKIMKey.isValidDomain(domain) else {
                throw fail("domain '\(entry.domain)' is not a domain name such as example.org")
            }
            guard fromDomain == domain || fromDomain.hasSuffix("." + domain) else {
                throw fail(
                    "domain \(domain) does not match the From domain \(fromDomain); DMARC alignment needs "
                        + "\(fromDomain) or a parent domain of it"
                )
            }
            guard let algorithm = DKIMAlgorithm(name: entry.algorithm) else {
                throw fail("algorithm '\(entry.algorithm)' is not one of rsa, ed25519")
            }
            guard !keys.contains(where: { $0.key.domain == domain && $0.key.selector == entry.selector }) else {
                throw fail("the selector \(entry.selector) of \(domain) is listed twice")
            }
            guard WebAddress.controlCharacter(in: entry.keyFile) == nil, !entry.keyFile.isEmpty else {
                throw fail("keyFile must be a path on one line")
            }
            let url = keyFileURL(entry.keyFile)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
                throw fail(
                    "keyFile \(url.path) does not exist; make it with newsletter dkim keygen --algorithm "
                        + "\(algorithm.rawValue) --selector \(entry.selector) --out \(url.path)",
                    .missingInput
                )
            }
            guard !isFolder.boolValue else {
                throw fail("keyFile \(url.path) is a folder; expected a PEM private key file")
            }
            let text: String
            do {
                let data = try Data(contentsOf: url)
                guard let decoded = String(data: data, encoding: .utf8) else {
                    throw fail("keyFile \(url.path) is not PEM text")
                }
                text = decoded
            } catch let error as NewsletterError {
                throw error
            } catch {
                throw fail("keyFile \(url.path) cannot be read (\(Self.reason(error))); check its owner and mode")
            }
            do {
                let privateKey = try DKIMPrivateKey(pem: text, algorithm: algorithm)
                keys.append((DKIMKey(domain: domain, selector: entry.selector, privateKey: privateKey), url))
            } catch {
                throw fail("keyFile \(url.path) \(error)")
            }
        }
        return keys
    }

    /// `value` resolved against the config's folder unless absolute.
    private func keyFileURL(_ value: String) -> URL {
        if value.hasPrefix("/") { return URL(fileURLWithPath: value).standardizedFileURL }
        return file.deletingLastPathComponent().appendingPathComponent(value).standardizedFileURL
    }

    private static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain, let text = strerror(Int32(code)) {
            return String(cString: text)
        }
        return (error as NSError).localizedDescription
    }
}
