/// What became of one message handed to ``SMTPConnection/send(from:to:message:beforeEnd:)``.
///
/// ``outcome`` is what the caller acts on; ``code`` and ``detail`` are for logs
/// and the delivery ledger.
package struct SMTPReply: Sendable, Equatable {
    /// What the caller should do about the message.
    package enum Outcome: Sendable, Equatable {
        /// The server took the message (final 250 after DATA).
        case accepted
        /// A 4xx reply at any stage, or a timeout or dropped connection during
        /// the transaction: try again later.
        case temporary
        /// A 5xx reply to RCPT TO, or an address that this module refused to
        /// send: permanent for this address.
        case rejectedRecipient
        /// Any other 5xx (MAIL FROM, DATA, the final reply) or an unusable
        /// sender: permanent for this message.
        case rejectedMessage
        /// No SMTP session could be set up: could not resolve or connect, the
        /// server refused the session, TLS failed, STARTTLS was not offered, or
        /// the certificate was not trusted.
        case unreachable
        /// The server refused the credentials (535 …), required authentication
        /// (530), or offered no mechanism that libcurl can use.
        case authenticationFailed
    }

    /// What the caller should do about the message.
    package var outcome: Outcome
    /// The last SMTP reply code libcurl saw (`CURLINFO_RESPONSE_CODE`), 0 if none.
    package var code: Int
    /// One line for logs and the ledger, e.g. `550 RCPT failed`; never a password.
    package var detail: String

    /// Creates a reply; mostly useful for tests and stand-ins.
    package init(outcome: Outcome, code: Int, detail: String) {
        self.outcome = outcome
        self.code = code
        self.detail = detail
    }
}
