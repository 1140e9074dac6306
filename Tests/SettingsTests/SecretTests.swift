import Foundation
import NewsletterCore
import Settings
import Signing
import TestSupport
import Testing

/// Where the signing secret is kept: an environment variable (`secretEnv`) or a file readable by its
/// owner alone (`secretFile`, what `init` writes).
@Suite struct SecretTests {
    static let secret = "k7Qv3xTf9LmN2pRs8wYz4bCd6eGh1jKo5uVi0aXq"
    static let previous = "p0Lm9NkJ8hGf7DsA6qWe5RtY4uIo3PzXc2VbN1mQ"

    /// A config in a fresh folder with `unsubscribe` as given, and a secret file holding `fileText`
    /// with `mode`.
    private func configuration(
        unsubscribe: [String: String],
        fileText: String? = nil,
        mode: Int = 0o600
    ) throws -> (Result<Configuration, NewsletterError>, TemporaryFolder) {
        let folder = try TemporaryFolder()
        for name in ["items", "Templates"] {
            try FileManager.default.createDirectory(
                at: folder.url.appendingPathComponent(name),
                withIntermediateDirectories: true
            )
        }
        try folder.write("email,name,topics\n", to: "list.csv")
        if let fileText {
            let file = try folder.write(fileText, to: "secret.key")
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path)
        }
        var fields = unsubscribe
        fields["mailto"] = "unsubscribe@example.org"
        let json: [String: Any] = [
            "name": "Weekly", "from": "Weekly <news@example.org>", "items": "items", "subscribers": "list.csv",
            "state": "state.sqlite", "archiveURL": "https://example.org/{{number}}", "unsubscribe": fields,
            "smtp": ["url": "smtp://127.0.0.1:2525", "tls": "none"],
        ]
        try folder.write(try JSONSerialization.data(withJSONObject: json), to: "newsletter.json")
        return (
            Result { () throws(NewsletterError) in try Configuration.load(from: folder.path("newsletter.json")) },
            folder
        )
    }

    @Test func aSecretFileSignsWithItsFirstLineAndChecksWithItsSecond() throws {
        let (loaded, folder) = try configuration(
            unsubscribe: ["url": "https://example.org/unsubscribe", "secretFile": "secret.key"],
            fileText: "\(Self.secret)\n\(Self.previous)\n"
        )
        defer { withExtendedLifetime(folder) {} }
        let config = try loaded.get()
        #expect(config.unsubscribe.isSigned)
        let keys = try #require(try config.signingKeys(environment: [:]))
        let token = ReaderToken.make(for: "ada@example.org", keys: keys)
        #expect(token == ReaderToken.make(for: "ada@example.org", keys: SigningKeys(current: Array(Self.secret.utf8))))
        let oldToken = ReaderToken.make(for: "ada@example.org", keys: SigningKeys(current: Array(Self.previous.utf8)))
        #expect(ReaderToken.isValid(oldToken, for: "ada@example.org", keys: keys), "a link signed before the rotation")
    }

    @Test func aSecretFileOthersMayReadIsRefusedNamingTheKeyAndWhatToDo() throws {
        let (loaded, folder) = try configuration(
            unsubscribe: ["url": "https://example.org/unsubscribe", "secretFile": "secret.key"],
            fileText: Self.secret + "\n",
            mode: 0o644
        )
        defer { withExtendedLifetime(folder) {} }
        let config = try loaded.get()
        #expect {
            _ = try config.signingKeys(environment: [:])
        } throws: { error in
            guard let error = error as? NewsletterError else { return false }
            return error.code == .badConfiguration && error.context == "unsubscribe.secretFile"
                && error.message.contains("may be read by others (mode 644)")
                && error.message.contains("chmod 600 \(folder.path("secret.key"))")
        }
    }

    @Test func aShortSecretFileIsRefused() throws {
        let (loaded, folder) = try configuration(
            unsubscribe: ["url": "https://example.org/unsubscribe", "secretFile": "secret.key"],
            fileText: "short\n"
        )
        defer { withExtendedLifetime(folder) {} }
        #expect {
            _ = try loaded.get().signingKeys(environment: [:])
        } throws: { error in
            (error as? NewsletterError)?.message.contains("holds 5 bytes; a secret needs at least 32") == true
        }
    }

    @Test func aMissingSecretFileIsMissingInput() throws {
        let (loaded, folder) = try configuration(
            unsubscribe: ["url": "https://example.org/unsubscribe", "secretFile": "nowhere.key"]
        )
        defer { withExtendedLifetime(folder) {} }
        guard case .failure(let error) = loaded else {
            Issue.record("a config naming a missing secret file loaded")
            return
        }
        #expect(error.code == .missingInput)
        #expect(error.message.contains("unsubscribe.secretFile"))
    }

    @Test func bothPlacesAtOnceAreRefused() throws {
        let (loaded, folder) = try configuration(
            unsubscribe: [
                "url": "https://example.org/unsubscribe", "secretFile": "secret.key", "secretEnv": "NEWSLETTER_SECRET",
            ],
            fileText: Self.secret + "\n"
        )
        defer { withExtendedLifetime(folder) {} }
        guard case .failure(let error) = loaded else {
            Issue.record("a config with two secrets loaded")
            return
        }
        #expect(error.code == .badConfiguration)
        #expect(error.message.contains("set secretEnv or secretFile, not both"))
    }

    @Test func anUnsetVariableIsNamed() throws {
        let (loaded, folder) = try configuration(
            unsubscribe: ["url": "https://example.org/unsubscribe", "secretEnv": "SECRET_TEST_UNSET"]
        )
        defer { withExtendedLifetime(folder) {} }
        #expect {
            _ = try loaded.get().signingKeys(environment: [:])
        } throws: { error in
            guard let error = error as? NewsletterError else { return false }
            return error.context == "unsubscribe.secretEnv"
                && error.message.hasPrefix("the environment variable SECRET_TEST_UNSET is not set")
        }
    }

    @Test(arguments: [
        String(repeating: "a", count: 40), String(repeating: "abcd1234", count: 5),
        String(repeating: "passwordpassword", count: 3), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaabcdefghij",
    ])
    func aSecretThatIsPlainlyNotRandomIsRefused(secret: String) throws {
        let (loaded, folder) = try configuration(
            unsubscribe: ["url": "https://example.org/unsubscribe", "secretEnv": "SECRET_TEST_WEAK"]
        )
        defer { withExtendedLifetime(folder) {} }
        #expect {
            _ = try loaded.get().signingKeys(environment: ["SECRET_TEST_WEAK": secret])
        } throws: { error in
            (error as? NewsletterError)?.message.contains("is not a random secret") == true
        }
    }

    @Test func whatOpensslMakesIsAccepted() throws {
        let (loaded, folder) = try configuration(
            unsubscribe: ["url": "https://example.org/unsubscribe", "secretEnv": "SECRET_TEST_GOOD"]
        )
        defer { withExtendedLifetime(folder) {} }
        let secret = "Qm9vay0zNXgvZ1RsR2ZwN1V6K2xMQ2VhcW9YbWd2d0p0S3Z6cE1hU2tJdE5yVkh3"
        #expect(try loaded.get().signingKeys(environment: ["SECRET_TEST_GOOD": secret]) != nil)
    }
}
