import Foundation
import NewsletterCore
import Settings
import TestSupport
import Testing

@Suite struct ConfigurationTests {
    /// A folder with a valid config whose JSON `edit` may change first.
    private func load(_ edit: (inout [String: Any]) -> Void = { _ in }) throws -> Result<Configuration, NewsletterError>
    {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("items"),
            withIntermediateDirectories: true
        )
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("Templates"),
            withIntermediateDirectories: true
        )
        try folder.write("email,name,topics\n", to: "list.csv")
        var json: [String: Any] = [
            "name": "Weekly", "from": "Weekly <news@example.org>", "items": "items", "subscribers": "list.csv",
            "state": "state.sqlite", "templates": "Templates", "archiveURL": "https://example.org/{{number}}",
            "unsubscribe": ["mailto": "unsubscribe@example.org", "url": "https://example.org/u?e={{email}}"],
            "smtp": ["url": "smtp://127.0.0.1:2525", "tls": "starttls"],
        ]
        edit(&json)
        try folder.write(try JSONSerialization.data(withJSONObject: json), to: "newsletter.json")
        return Result { () throws(NewsletterError) in try Configuration.load(from: folder.path("newsletter.json")) }
    }

    private func error(_ edit: (inout [String: Any]) -> Void) throws -> NewsletterError? {
        if case .failure(let error) = try load(edit) { return error }
        return nil
    }

    @Test func loadsWithDefaultsAndResolvesPathsAgainstTheConfigFolder() throws {
        let config = try load().get()
        #expect(config.from.address == "news@example.org")
        #expect(config.itemsFolder.path.hasSuffix("/items"))
        #expect(config.itemsFolder.path.hasPrefix(config.file.deletingLastPathComponent().path))
        #expect(config.subject == Configuration.defaultSubject)
        #expect(config.smtp.connections == 4)
        #expect(config.smtp.maxAttempts == 3)
        #expect(config.smtp.tls == .starttls)
    }

    @Test func theBundledExampleLoads() throws {
        let config = try Configuration.load(from: Repository.root.appendingPathComponent("config.example.json").path)
        #expect(config.name == "Safeguarding Weekly")
        #expect(config.smtp.passwordEnvironmentVariable == "SMTP_PASSWORD")
    }

    @Test(arguments: [
        ("from", "not an address", "from:"),
        ("from", "News <news@example.org>\nBcc: x@example.org", "from: contains a line feed"),
        ("subject", "{{name}} {{issue}}", "subject: unknown variable {{issue}}"),
        ("archiveURL", "ftp://example.org/{{number}}", "archiveURL: uses the scheme 'ftp'"),
        ("replyTo", "a@@b", "replyTo:"),
    ])
    func namesTheBadKey(key: String, value: String, message: String) throws {
        let error = try #require(try self.error { $0[key] = value })
        #expect(error.code == .badConfiguration)
        #expect(error.description.contains(message), "\(error)")
        #expect(!error.description.contains("\n"))
    }

    @Test func refusesUnknownKeysAndWrongTypes() throws {
        #expect(try error { $0["sujbect"] = "x" }?.description.contains("sujbect: unknown key") == true)
        #expect(
            try error { $0["smtp"] = ["url": "smtp://h:25", "conections": 2] }?.description.contains(
                "smtp.conections: unknown key"
            ) == true
        )
        #expect(try error { $0["topics"] = "Online safety" }?.description.contains("topics: expected") == true)
        #expect(
            try error { $0.removeValue(forKey: "from") }?.description.contains("from: required key is missing") == true
        )
    }

    @Test func checksSMTPSettings() throws {
        func smtpError(_ smtp: [String: Any]) throws -> String? { try error { $0["smtp"] = smtp }?.description }
        #expect(
            try smtpError(["url": "smtps://h:465", "tls": "starttls"])?.contains("smtp.url: an smtps:// URL needs")
                == true
        )
        #expect(
            try smtpError(["url": "smtp://h:25", "tls": "implicit"])?.contains("smtp.tls: implicit TLS needs") == true
        )
        #expect(try smtpError(["url": "http://h", "tls": "none"])?.contains("smtp.url") == true)
        #expect(
            try smtpError(["url": "smtp://h:25", "username": "u"])?.contains("smtp.passwordEnv: is required") == true
        )
        #expect(try smtpError(["url": "smtp://h:25", "connections": 0])?.contains("smtp.connections") == true)
        #expect(try smtpError(["url": "smtp://h:25", "caFile": "missing.pem"])?.contains("smtp.caFile") == true)
    }

    @Test func missingFilesAreMissingInput() throws {
        #expect(try error { $0["items"] = "nowhere" }?.code == .missingInput)
        #expect(try error { $0["subscribers"] = "none.csv" }?.code == .missingInput)
        #expect(throws: NewsletterError.self) { try Configuration.load(from: "/nonexistent/newsletter.json") }
    }

    @Test func theSignUpFormNeedsSignedLinksAConsentTextAndSaneLimits() throws {
        func signed(_ json: inout [String: Any]) {
            json["unsubscribe"] = [
                "mailto": "unsubscribe@example.org", "url": "https://example.org/unsubscribe", "secretEnv": "SECRET",
            ]
        }
        let subscribe: [String: Any] = ["url": "https://news.example.org/subscribe", "consent": "Send me Weekly."]
        let config = try load {
            signed(&$0)
            $0["subscribe"] = subscribe
        }.get()
        #expect(config.subscribe?.perClientPerHour == 10)
        #expect(config.subscribe?.perHour == 200)
        #expect(config.subscribe?.recordsClientAddress == false)
        #expect(config.subscribe?.trustedProxies == [])

        let unsigned = try error { $0["subscribe"] = subscribe }
        #expect(unsigned?.code == .badConfiguration)
        #expect(unsigned?.message.contains("subscribe: sign-up links are signed") == true)
        let cases: [(String, Any, String)] = [
            ("url", "news.example.org/subscribe", "subscribe.url"),
            ("url", "https://news.example.org/subscribe?list=1", "subscribe.url"),
            ("consent", "  ", "subscribe.consent"),
            ("consent", "Two\nlines", "subscribe.consent"),
            ("perHour", 0, "subscribe.perHour"),
            ("perClientPerHour", -1, "subscribe.perClientPerHour"),
            ("trustedProxies", ["proxy.example.org"], "subscribe.trustedProxies[0]"),
            ("recordIp", true, "recordIp"),
        ]
        for (key, value, named) in cases {
            var changed = subscribe
            changed[key] = value
            let problem = try error {
                signed(&$0)
                $0["subscribe"] = changed
            }
            #expect(problem?.code == .badConfiguration, "\(key): \(value)")
            #expect(problem?.message.contains(named) == true, "\(key): \(problem?.message ?? "no error")")
        }
    }
}
