import NewsletterCore
import TextBasics

extension ConfigurationValidator {
    /// The checked `subscribe` section: an http(s) address with a plain path, a consent text, limits
    /// of at least one, proxy addresses. Sign-up links are signed, so the list must have a secret.
    func subscribe(
        _ raw: ConfigurationFile.Subscribe?,
        unsubscribe: Configuration.Unsubscribe
    ) throws(NewsletterError) -> Configuration.Subscribe? {
        guard let raw else { return nil }
        if let problem = WebAddress.problem(with: raw.url, schemes: ["http", "https"]) {
            throw bad("subscribe.url", problem)
        }
        guard !raw.url.contains("?"), !raw.url.contains("#"), !raw.url.contains("{{") else {
            throw bad("subscribe.url", "must be the form's address, e.g. https://news.example.org/subscribe (no query)")
        }
        let consent = raw.consent.trimmingSpaces()
        guard !consent.isEmpty else {
            throw bad(
                "subscribe.consent",
                "must say what the reader agrees to, e.g. \"Send me the newsletter every Monday. "
                    + "I can unsubscribe at any time.\""
            )
        }
        guard consent.count <= 1000, WebAddress.controlCharacter(in: consent) == nil else {
            throw bad("subscribe.consent", "must be one line of at most 1,000 characters")
        }
        guard unsubscribe.isSigned else {
            throw bad(
                "subscribe",
                "sign-up links are signed: set unsubscribe.secretEnv or unsubscribe.secretFile (make a secret with "
                    + "`openssl rand -base64 48`)"
            )
        }
        let perClient = raw.perClientPerHour ?? Configuration.Subscribe.defaultPerClientPerHour
        guard (1...10_000).contains(perClient) else { throw bad("subscribe.perClientPerHour", "must be 1 to 10000") }
        let perHour = raw.perHour ?? Configuration.Subscribe.defaultPerHour
        guard (1...1_000_000).contains(perHour) else { throw bad("subscribe.perHour", "must be 1 to 1000000") }
        let perNetwork =
            raw.perNetworkPerHour
            ?? Configuration.Subscribe.defaultPerNetworkPerHour(perClient: perClient, perHour: perHour)
        guard (1...1_000_000).contains(perNetwork) else {
            throw bad("subscribe.perNetworkPerHour", "must be 1 to 1000000")
        }
        let prefix = raw.ipv6Prefix ?? Configuration.Subscribe.defaultIPv6Prefix
        guard (32...128).contains(prefix) else {
            throw bad("subscribe.ipv6Prefix", "must be 32 to 128 (64, one home or office network, is usual)")
        }
        let proxies = raw.trustedProxies ?? []
        for (index, proxy) in proxies.enumerated() where !Self.isIPAddress(proxy) {
            throw bad("subscribe.trustedProxies[\(index)]", "'\(proxy)' is not an IP address, e.g. 127.0.0.1 or ::1")
        }
        return Configuration.Subscribe(
            url: raw.url,
            consent: consent,
            recordsClientAddress: raw.recordIP ?? false,
            perClientPerHour: perClient,
            perNetworkPerHour: perNetwork,
            ipv6Prefix: prefix,
            perHour: perHour,
            trustedProxies: proxies
        )
    }

    /// Whether `text` is an IPv4 address in dotted form or an IPv6 address.
    static func isIPAddress(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4, parts.allSatisfy({ UInt8($0) != nil && $0.count <= 3 }) { return true }
        let hexDigits = Set("0123456789abcdefABCDEF:.")
        return text.contains(":") && text.count <= 45 && text.allSatisfy { hexDigits.contains($0) }
    }
}
