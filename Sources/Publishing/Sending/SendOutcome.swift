import Ledger
import NewsletterCore

/// What a `send` or `alert` run did, for the summary line and the exit status.
package enum SendOutcome: Sendable {
    /// A mailing was delivered (a new one, or one resumed from an earlier run).
    case delivered(MailingResult)
    /// Nothing to send; the one line to print on stderr.
    case nothingNew(String)
}

/// One run's delivery of one mailing.
package struct MailingResult: Sendable {
    /// The mailing delivered.
    package var mailing: Mailing
    /// Whether it was an unfinished mailing from an earlier run.
    package var resumed = false
    /// What this run did.
    package var report: DeliveryReport
    /// Deliveries of the mailing still pending or deferred after this run.
    package var left: Int
    /// Deliveries of the mailing, in all.
    package var total: Int
    /// Readers of only their topics who get nothing this time: none of those topics has an item.
    package var skipped = 0
    /// Problems in the subscriber list (skipped rows).
    package var listProblems: [Diagnostic] = []

    /// Whether the mailing has nothing left to deliver and the run was not stopped.
    package var isFinished: Bool { left == 0 && report.abort == nil }
}

/// A test copy the server accepted.
package struct TestCopy: Sendable, Equatable {
    /// The address it went to.
    package var address: String
    /// The server's reply.
    package var reply: String

    /// A test copy; see the properties.
    package init(address: String, reply: String) {
        self.address = address
        self.reply = reply
    }
}
