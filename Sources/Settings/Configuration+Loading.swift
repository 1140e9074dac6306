import Foundation
import NewsletterCore

extension Configuration {
    /// The subject used when the config has none.
    package static let defaultSubject = "{{name}} · Issue {{number}} · {{date}}"

    /// The largest config file read.
    package static let maximumFileBytes = 1 << 20

    /// Reads, checks and resolves the config file at `path`.
    ///
    /// Relative paths inside the file resolve against the file's own folder. Fails with
    /// `.missingInput` when the file, or a file or folder it names, does not exist, and with
    /// `.badConfiguration` naming the key for anything else.
    package static func load(from path: String) throws(NewsletterError) -> Configuration {
        let file = URL(fileURLWithPath: path).standardizedFileURL
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw NewsletterError(
                .missingInput,
                "config file not found; copy config.example.json to newsletter.json, or pass --config PATH",
                context: path
            )
        }
        let read: Data?
        do { read = try SmallFile.contents(of: file, atMost: Self.maximumFileBytes) } catch {
            throw NewsletterError(
                .ioFailure,
                "cannot read the config file: \(error.localizedDescription)",
                context: path
            )
        }
        guard let data = read else {
            throw NewsletterError(
                .badConfiguration,
                "is larger than \(SmallFile.describe(Self.maximumFileBytes)); a config is a few kilobytes: "
                    + "is this the right file?",
                context: path
            )
        }
        try checkKeys(of: data, path: path)
        let raw: ConfigurationFile
        do {
            raw = try JSONDecoder().decode(ConfigurationFile.self, from: data)
        } catch let error as DecodingError {
            throw NewsletterError(.badConfiguration, error.userMessage, context: path)
        } catch {
            throw NewsletterError(.badConfiguration, "is not valid JSON: \(error)", context: path)
        }
        let validator = ConfigurationValidator(file: file, path: path)
        var configuration = try validator.validate(raw)
        let signing = try validator.dkimKeys(raw.dkim?.entries ?? [], from: configuration.from)
        configuration.dkim = signing.map(\.key)
        configuration.dkimKeyFiles = signing.map(\.file)
        return configuration
    }

    /// Refuses JSON that is not an object, and keys the program does not know (a misspelt key is a mistake).
    private static func checkKeys(of data: Data, path: String) throws(NewsletterError) {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            let reason = (error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)"
            throw NewsletterError(.badConfiguration, "is not valid JSON (\(reason))", context: path)
        }
        guard let top = object as? [String: Any] else {
            throw NewsletterError(
                .badConfiguration,
                "must be a JSON object with the keys shown in config.example.json",
                context: path
            )
        }
        try checkRelayListKeys(top["smtp"], path: path)
        for (section, known) in ConfigurationFile.knownKeys.sorted(by: { $0.key < $1.key }) {
            let keys = section.isEmpty ? Array(top.keys) : Array((top[section] as? [String: Any])?.keys ?? [:].keys)
            if let unknown = keys.sorted().first(where: { !known.contains($0) }) {
                let key = section.isEmpty ? unknown : "\(section).\(unknown)"
                throw NewsletterError(
                    .badConfiguration,
                    "\(key): unknown key; the keys are \(known.sorted().joined(separator: ", "))",
                    context: path
                )
            }
        }
    }
}

extension DecodingError {
    /// "smtp.connections: expected a number" and the like.
    var userMessage: String {
        func key(_ path: [CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch self {
        case .keyNotFound(let missing, let context):
            let full = key(context.codingPath + [missing])
            return "\(full): required key is missing; see config.example.json"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let kind =
                type == String.self
                ? "a string"
                : (type == Int.self || type == Double.self)
                    ? "a number" : type == Array<String>.self ? "a list of strings" : "\(type)"
            return "\(key(context.codingPath)): expected \(kind)"
        case .dataCorrupted(let context):
            return "\(key(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "invalid: \(self)"
        }
    }
}
