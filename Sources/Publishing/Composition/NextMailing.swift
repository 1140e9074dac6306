import NewsletterCore

/// What the items folder and the ledger hold for the next issue or alert: a bulletin to send, or
/// nothing new (an outcome, not a failure: `send` exits 0 with one line on stderr).
package enum NextMailing: Sendable {
    /// The bulletin to render and send.
    case ready(Bulletin)
    /// Nothing to send; the one line to print on stderr, e.g. `nothing new since issue 12`.
    case nothingNew(String)
}
