import Foundation
import NewsletterCore
import Signing

#if canImport(Glibc)
import Glibc
#endif

extension Configuration {
    /// The keys that sign and check readers' tokens (unsubscribe links, mailed unsubscribes), from
    /// `unsubscribe.secretEnv` or `unsubscribe.secretFile`; `nil` for a list with the old `{{email}}` links.
    ///
    /// Fails with `.badConfiguration` naming the key when the secret is missing, too short, or in a
    /// file others can read.
    package func signingKeys(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(NewsletterError) -> SigningKeys? {
        guard let secret = unsubscribe.secret else { return nil }
        return try Self.keys(from: secret, section: "unsubscribe", environment: environment)
    }

    /// The keys that sign VERP tokens: `bounces.secretEnv`'s secret, else the unsubscribe secret;
    /// `nil` when no VERP address is configured. Fails as ``signingKeys(environment:)`` does.
    package func bounceSigningKeys(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(NewsletterError) -> SigningKeys? {
        guard let bounces, bounces.address != nil else { return nil }
        guard let secret = bounces.secret else { return try signingKeys(environment: environment) }
        return try Self.keys(from: secret, section: "bounces", environment: environment)
    }

    /// The current secret, and the previous one when a rotation is under way.
    private static func keys(
        from secret: Secret,
        section: String,
        environment: [String: String]
    ) throws(NewsletterError) -> SigningKeys {
        let key = secret.key(in: section)
        let (current, previous): (String, String?)
        switch secret {
        case .environment(let variable):
            guard let value = environment[variable], !value.isEmpty else {
                throw NewsletterError(
                    .badConfiguration,
                    "the environment variable \(variable) is not set; make one with `openssl rand -base64 48` and "
                        + "export it",
                    context: key
                )
            }
            current = try checked(value, from: "the environment variable \(variable)", key: key)
            previous = environment[variable + "_PREVIOUS"].flatMap {
                $0.utf8.count >= SigningKeys.minimumSecretLength ? $0 : nil
            }
        case .file(let url):
            let lines = try secretFileLines(url, key: key)
            current = try checked(lines.first ?? "", from: url.path, key: key)
            previous = lines.dropFirst().first.flatMap { $0.utf8.count >= SigningKeys.minimumSecretLength ? $0 : nil }
        }
        return SigningKeys(current: current.utf8, previous: previous?.utf8)
    }

    /// `value`, when it is long enough to be a secret.
    private static func checked(_ value: String, from place: String, key: String) throws(NewsletterError) -> String {
        let hint = "make one with `openssl rand -base64 48`"
        guard !value.isEmpty else {
            throw NewsletterError(.badConfiguration, "\(place) holds no secret; \(hint)", context: key)
        }
        guard value.utf8.count >= SigningKeys.minimumSecretLength else {
            throw NewsletterError(
                .badConfiguration,
                "\(place) holds \(value.utf8.count) bytes; a secret needs at least "
                    + "\(SigningKeys.minimumSecretLength): \(hint)",
                context: key
            )
        }
        guard !isObviouslyNotRandom(value) else {
            throw NewsletterError(
                .badConfiguration,
                "\(place) is not a random secret (one character repeated, a short text repeated, or too few "
                    + "different characters): anyone may guess it; \(hint)",
                context: key
            )
        }
        return value
    }

    /// Whether `secret` is plainly not random: fewer than 8 different characters, one character in
    /// more than a quarter of it, or a shorter text repeated (`passwordpassword…`). What
    /// `openssl rand -base64 48` makes never is.
    static func isObviouslyNotRandom(_ secret: String) -> Bool {
        let bytes = Array(secret.utf8)
        var counts: [UInt8: Int] = [:]
        for byte in bytes { counts[byte, default: 0] += 1 }
        if counts.count < 8 || (counts.values.max() ?? 0) * 4 > bytes.count { return true }
        return (1...max(1, bytes.count / 2)).contains { period in
            bytes.count % period == 0 && bytes.indices.allSatisfy { bytes[$0] == bytes[$0 % period] }
        }
    }

    /// The non-empty lines of the secret file at `url`, refused when anyone but its owner may read it.
    private static func secretFileLines(_ url: URL, key: String) throws(NewsletterError) -> [String] {
        var status = stat()
        guard stat(url.path, &status) == 0 else {
            throw NewsletterError(
                .badConfiguration,
                "cannot read \(url.path): \(String(cString: strerror(errno))); `newsletter init` writes one, or "
                    + "run `openssl rand -base64 48 > FILE && chmod 600 FILE`",
                context: key
            )
        }
        guard status.st_mode & 0o077 == 0 else {
            throw NewsletterError(
                .badConfiguration,
                "\(url.path) may be read by others (mode \(String(status.st_mode & 0o777, radix: 8))); "
                    + "run `chmod 600 \(url.path)`",
                context: key
            )
        }
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8)
        else {
            throw NewsletterError(.badConfiguration, "cannot read \(url.path) as text", context: key)
        }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}
