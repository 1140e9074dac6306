/// What one run of a ``MailingTransport`` did to a mailing's waiting deliveries.
package struct DeliveryReport: Sendable, Equatable {
    /// Copies the server accepted in this run.
    package var sent = 0
    /// Copies left for the next run after temporary failures.
    package var deferred = 0
    /// Copies refused for good in this run.
    package var failed = 0
    /// Addresses suppressed because the server refused them permanently.
    package var suppressed = 0
    /// Why the run stopped early, if it did: the server is unreachable or refused our credentials.
    package var abort: Abort?
    /// The relays of the pool, in the config's order.
    package var relayNames: [String] = []
    /// Copies each relay took in this run.
    package var sentByRelay: [String: Int] = [:]
    /// The relays marked down in this run, with why.
    package var downRelays: [String: String] = [:]
    /// The receiving domains this run stopped trying because they refused the sender (the breaker),
    /// each with one line: how many of the recent attempts, and a refusal's text.
    package var blockedDomains: [String: String] = [:]

    /// A reason to stop the whole run rather than carry on with the next recipient.
    package enum Abort: Sendable, Equatable {
        /// The server cannot be reached (connection refused, TLS failed…).
        case unreachable(String)
        /// The server refused our credentials.
        case authenticationFailed(String)
        /// The run was asked to stop (SIGTERM, SIGINT): what was in flight is finished, the rest waits.
        case stopped(String)
        /// Most recent attempts, across receiving domains, were refused for the sender's side: the
        /// run stopped before it burned through the list (the breaker). One line: how many, and a reply.
        case blocked(String)
    }

    /// Creates an empty report.
    package init() {}

    /// Copies handled in this run, whatever their outcome.
    package var handled: Int { sent + deferred + failed }
}

extension DeliveryReport {
    /// `smtp://a:25 120, smtp://b:25 80 (down: 421 …)` for a pool of more than one relay, else nil.
    package var relaySummary: String? {
        guard relayNames.count > 1 else { return nil }
        return relayNames.map { name in
            "\(name) \(sentByRelay[name] ?? 0)" + (downRelays[name].map { " (down: \($0))" } ?? "")
        }.joined(separator: ", ")
    }
}
