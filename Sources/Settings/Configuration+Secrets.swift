import Foundation
import NewsletterCore
import Signing

extension Configuration {
    /// The signing keys from the environment variable `unsubscribe.secretEnv` names (and its
    /// `_PREVIOUS` companion, for a rotation), or `nil` when the list uses the old `{{email}}` links.
    ///
    /// Fails with `.badConfiguration` naming the variable when it is unset or shorter than 32 bytes.
    package func signingKeys(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(NewsletterError) -> SigningKeys? {
        guard let variable = unsubscribe.secretEnvironmentVariable else { return nil }
        let current = try Self.secret(variable, in: environment, required: true)!
        let previous = try Self.secret(variable + "_PREVIOUS", in: environment, required: false)
        return SigningKeys(current: current.utf8, previous: previous?.utf8)
    }

    private static func secret(
        _ variable: String,
        in environment: [String: String],
        required: Bool
    ) throws(NewsletterError) -> String? {
        let hint = "make one with `openssl rand -base64 48` and export it"
        guard let value = environment[variable], !value.isEmpty else {
            guard required else { return nil }
            throw NewsletterError(
                .badConfiguration,
                "the environment variable \(variable) is not set; \(hint)",
                context: "unsubscribe.secretEnv"
            )
        }
        guard value.utf8.count >= SigningKeys.minimumSecretLength else {
            throw NewsletterError(
                .badConfiguration,
                "the environment variable \(variable) holds \(value.utf8.count) bytes; a secret needs at least "
                    + "\(SigningKeys.minimumSecretLength): \(hint)",
                context: "unsubscribe.secretEnv"
            )
        }
        return value
    }
}
