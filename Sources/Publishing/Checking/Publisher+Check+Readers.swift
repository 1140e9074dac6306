import Settings

extension Publisher {
    /// The warning for an unsubscribe link that carries the address (`{{email}}`, no secret): anyone
    /// can unsubscribe anyone with it, and addresses end up in web-server logs.
    static func unsignedLinkWarning(_ configuration: Configuration) -> String? {
        guard configuration.unsubscribe.secretEnvironmentVariable == nil,
            configuration.unsubscribe.url.contains("{{email}}")
        else { return nil }
        return "warning: \(configuration.file.lastPathComponent): unsubscribe.url carries the address ({{email}}), so "
            + "anyone can forge it; set unsubscribe.secretEnv for signed links (see README, \"Unsubscribe links\")"
    }
}
