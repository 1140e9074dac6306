import Foundation
import MIME
import NewsletterCore
import TextBasics

/// Turns the raw ``ConfigurationFile`` into a checked ``Configuration``.
///
/// Each check names the key it is about; files and folders resolve against the config's folder.
struct ConfigurationValidator {
    /// The config file.
    var file: URL
    /// The config file as the user named it, for messages.
    var path: String

    func validate(_ raw: ConfigurationFile) throws(NewsletterError) -> Configuration {
        let name = try line(raw.name, key: "name")
        guard !name.isEmpty else { throw bad("name", "must not be empty") }
        let subject = try line(raw.subject ?? Configuration.defaultSubject, key: "subject")
        try checkTemplate(subject, key: "subject", names: ["name", "number", "date"])
        try checkTemplate(raw.archiveURL, key: "archiveURL", names: ["number"])
        try checkURL(
            raw.archiveURL.replacingOccurrences(of: "{{number}}", with: "1"),
            key: "archiveURL",
            schemes: ["http", "https"]
        )
        try checkTemplate(raw.unsubscribe.url, key: "unsubscribe.url", names: ["email"])
        try checkURL(
            raw.unsubscribe.url.replacingOccurrences(of: "{{email}}", with: "a%40example.org"),
            key: "unsubscribe.url",
            schemes: ["http", "https"]
        )
        do { try Mailbox.validate(address: raw.unsubscribe.mailto) } catch {
            throw bad("unsubscribe.mailto", "\(error.message); write a plain address such as unsubscribe@example.org")
        }
        var topics: [String] = []
        for (index, topic) in (raw.topics ?? []).enumerated() {
            let topic = try line(topic, key: "topics[\(index)]").trimmingCharacters(in: .whitespaces)
            guard !topic.isEmpty else { throw bad("topics[\(index)]", "must not be empty") }
            guard !topics.contains(where: { $0.equalsIgnoringCase(topic) }) else {
                throw bad("topics[\(index)]", "'\(topic)' is listed twice")
            }
            topics.append(topic)
        }
        let relays = try relays(raw.smtp)
        var configuration = Configuration(
            name: name,
            from: try mailbox(raw.from, key: "from"),
            replyTo: try raw.replyTo.map { value throws(NewsletterError) in try mailbox(value, key: "replyTo") },
            subject: subject,
            itemsFolder: try existing(raw.items, key: "items", folder: true),
            subscribersFile: try existing(raw.subscribers, key: "subscribers", folder: false),
            stateFile: try stateFile(raw.state),
            templatesFolder: try existing(raw.templates ?? "Templates", key: "templates", folder: true),
            topics: topics,
            archiveURL: raw.archiveURL,
            unsubscribe: .init(
                mailto: raw.unsubscribe.mailto,
                url: raw.unsubscribe.url,
                secret: try unsubscribeSecret(raw.unsubscribe)
            ),
            smtp: relays[0],
            relays: raw.smtp.isList ? relays : [],
            file: file,
            feeds: try feeds(raw.feeds),
            bounces: try bounces(
                raw.bounces,
                unsubscribeSecret: raw.unsubscribe.secretEnv ?? raw.unsubscribe.secretFile
            )
        )
        try checkSignedLinks(configuration.unsubscribe)
        configuration.archive = try archive(raw.archive)
        configuration.subscribe = try subscribe(raw.subscribe, unsubscribe: configuration.unsubscribe)
        configuration.deliveryDays = raw.retention?.deliveryDays ?? Configuration.defaultDeliveryDays
        guard (7...36_500).contains(configuration.deliveryDays) else {
            throw bad(
                "retention.deliveryDays",
                "must be between 7 and 36500: the days a complete mailing keeps one row per reader"
            )
        }
        return configuration
    }

    func smtp(_ raw: ConfigurationFile.SMTP) throws(NewsletterError) -> Configuration.SMTP {
        let tlsName = raw.tls ?? "starttls"
        guard let tls = Configuration.SMTP.TLS(rawValue: tlsName) else {
            throw bad("smtp.tls", "'\(tlsName)' is not a TLS mode; use none, starttls or implicit")
        }
        let url = try line(raw.url, key: "smtp.url")
        try following { () throws(SMTPSettingFault) in
            _ = try SMTPRules.authority(of: url, tls: tls)
            try SMTPRules.checkUsername(raw.username)
        }
        if raw.username != nil, raw.passwordEnv?.isEmpty ?? true {
            throw bad(
                "smtp.passwordEnv",
                "is required when smtp.username is set: name the environment variable that holds the password"
            )
        }
        let passwordVariable = try environmentVariable(raw.passwordEnv, key: "smtp.passwordEnv")
        let connections = raw.connections ?? 4
        guard (1...64).contains(connections) else { throw bad("smtp.connections", "must be between 1 and 64") }
        let rate = raw.ratePerSecond ?? 0
        guard rate >= 0, rate.isFinite else { throw bad("smtp.ratePerSecond", "must be 0 (no limit) or more") }
        let timeout = raw.timeoutSeconds ?? 30
        try following { () throws(SMTPSettingFault) in try SMTPRules.checkTimeout(timeout) }
        let attempts = raw.maxAttempts ?? 3
        guard (1...20).contains(attempts) else { throw bad("smtp.maxAttempts", "must be between 1 and 20") }
        let caFile = try raw.caFile.map { value throws(NewsletterError) in
            try existing(value, key: "smtp.caFile", folder: false)
        }
        try following { () throws(SMTPSettingFault) in try SMTPRules.checkCAFile(caFile?.path) }
        return Configuration.SMTP(
            url: url,
            tls: tls,
            username: raw.username,
            passwordEnvironmentVariable: passwordVariable,
            caFile: caFile,
            connections: connections,
            ratePerSecond: rate,
            timeoutSeconds: timeout,
            maxAttempts: attempts
        )
    }

    /// Where the unsubscribe secret is kept: `secretEnv` or `secretFile` (an existing file), not both.
    private func unsubscribeSecret(
        _ raw: ConfigurationFile.Unsubscribe
    ) throws(NewsletterError) -> Configuration.Secret? {
        switch (raw.secretEnv, raw.secretFile) {
        case (nil, nil): return nil
        case (let variable?, nil):
            return try environmentVariable(variable, key: "unsubscribe.secretEnv").map { .environment($0) }
        case (nil, let file?): return .file(try existing(file, key: "unsubscribe.secretFile", folder: false))
        case (.some, .some):
            throw bad("unsubscribe.secretFile", "set secretEnv or secretFile, not both: the secret has one home")
        }
    }

    // MARK: - Checks

    /// Runs `rules` (``SMTPRules``, shared with every SMTP connection), turning a fault into a bad configuration.
    private func following(_ rules: () throws(SMTPSettingFault) -> Void) throws(NewsletterError) {
        do { try rules() } catch { throw NewsletterError(.badConfiguration, error.description, context: path) }
    }

    /// A valid environment variable name (letters, digits, `_`), or `nil`.
    func environmentVariable(_ name: String?, key: String) throws(NewsletterError) -> String? {
        guard let name else { return nil }
        guard !name.isEmpty,
            name.utf8.allSatisfy({
                $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
                    || (0x61...0x7A).contains($0)
            }),
            !(0x30...0x39).contains(name.utf8.first!)
        else {
            throw bad(
                key,
                "'\(name)' is not an environment variable name; name the variable, never put the secret itself here"
            )
        }
        return name
    }

    func bad(_ key: String, _ message: String) -> NewsletterError {
        NewsletterError(.badConfiguration, "\(key): \(message)", context: path)
    }

    /// A one-line value: no CR, LF, NUL or other control character (they would end up in a header).
    func line(_ value: String, key: String) throws(NewsletterError) -> String {
        if let scalar = WebAddress.controlCharacter(in: value) {
            throw bad(key, "contains \(scalar.controlName); it must be a single line")
        }
        return value
    }

    private func mailbox(_ value: String, key: String) throws(NewsletterError) -> Mailbox {
        do { return try Mailbox(parsing: try line(value, key: key)) } catch let error as NewsletterError {
            throw error
        } catch {
            throw bad(key, "\(error); write it as Name <address@example.org> or address@example.org")
        }
    }

    private func checkTemplate(_ template: String, key: String, names: Set<String>) throws(NewsletterError) {
        _ = try line(template, key: key)
        for tag in MustacheTag.scan(template) {
            switch tag.kind {
            case .variable, .unescapedVariable:
                guard names.contains(tag.name) else {
                    throw bad(
                        key,
                        "unknown variable {{\(tag.name)}}; available: "
                            + "\(names.sorted().map { "{{\($0)}}" }.joined(separator: ", "))"
                    )
                }
            case .comment: continue
            default: throw bad(key, "only plain {{variables}} are allowed here")
            }
        }
    }

    private func checkURL(_ url: String, key: String, schemes: Set<String>) throws(NewsletterError) {
        if let problem = WebAddress.problem(with: url, schemes: schemes) { throw bad(key, problem) }
    }

    private func resolve(_ value: String) -> URL {
        if value.hasPrefix("/") { return URL(fileURLWithPath: value).standardizedFileURL }
        return file.deletingLastPathComponent().appendingPathComponent(value).standardizedFileURL
    }

    func existing(_ value: String, key: String, folder: Bool) throws(NewsletterError) -> URL {
        let url = resolve(try line(value, key: key))
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw NewsletterError(
                .missingInput,
                "\(key): \(url.path) does not exist; create it or fix the path (relative paths start at the "
                    + "config's folder)",
                context: path
            )
        }
        guard isFolder.boolValue == folder else {
            throw bad(
                key,
                "\(url.path) is a \(isFolder.boolValue ? "folder" : "file"); expected a \(folder ? "folder" : "file")"
            )
        }
        return url
    }

    private func stateFile(_ value: String) throws(NewsletterError) -> URL {
        let url = resolve(try line(value, key: "state"))
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path, isDirectory: &isFolder),
            isFolder.boolValue
        else {
            throw NewsletterError(
                .missingInput,
                "state: the folder \(url.deletingLastPathComponent().path) does not exist; create it",
                context: path
            )
        }
        return url
    }
}
