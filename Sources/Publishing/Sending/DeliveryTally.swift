/// What one run of a ``MailingTransport`` did to a mailing's waiting deliveries.
package struct DeliveryTally: Sendable, Equatable {
    /// Copies the server accepted in this run.
    package var sent = 0
    /// Copies left for the next run after temporary failures.
    package var deferred = 0
    /// Copies refused for good in this run.
    package var failed = 0
    /// Addresses suppressed because the server refused them permanently.
    package var suppressed = 0
    /// Why the run stopped early, if it did.
    package var abort: Abort?
    /// The copies each relay of a pool took, `smtp://a:25 120, smtp://b:25 80 (down: 421 …)`; `nil`
    /// for a single relay.
    package var relaySummary: String?

    /// A reason to stop the whole run rather than carry on with the next recipient.
    package enum Abort: Sendable, Equatable {
        /// The server cannot be reached (connection refused, TLS failed…).
        case unreachable(String)
        /// The server refused our credentials.
        case authenticationFailed(String)
    }

    /// A tally; see the properties.
    package init(
        sent: Int = 0,
        deferred: Int = 0,
        failed: Int = 0,
        suppressed: Int = 0,
        abort: Abort? = nil,
        relaySummary: String? = nil
    ) {
        self.sent = sent
        self.deferred = deferred
        self.failed = failed
        self.suppressed = suppressed
        self.abort = abort
        self.relaySummary = relaySummary
    }

    /// Copies handled in this run, whatever their outcome.
    package var handled: Int { sent + deferred + failed }
}
