import NewsletterCore
import Settings

/// The port through which `bounces` reads the report inbox: IMAP or POP3 over libcurl in `ReportInboxes`.
package protocol ReportInboxService: Sendable {
    /// Logs in to `inbox` with `password`; fails with `.unavailable` or `.authenticationFailed`.
    func open(_ inbox: Configuration.Bounces.ReportInbox, password: String) throws(NewsletterError) -> any ReportInbox
}

/// A logged-in report inbox: list what waits, fetch each, and put each away once its outcome is recorded.
package protocol ReportInbox {
    /// The messages waiting, oldest first.
    func waitingReports() throws(NewsletterError) -> [InboxReport]
    /// One message's bytes, at most `maximumBytes`.
    func fetch(_ report: InboxReport, maximumBytes: Int) throws(NewsletterError) -> InboxReport.Content
    /// Moves `report` out of the waiting folder (IMAP: to the processed folder; POP3: deleted).
    func markProcessed(_ report: InboxReport) throws(NewsletterError)
    /// Ends the session (POP3 commits its deletions here).
    func close()
}

/// One message waiting in the report inbox.
package struct InboxReport: Sendable, Equatable {
    /// The IMAP UID or POP3 message number.
    package var number: Int
    /// Where it is, for messages: `imaps://host/INBOX;UID=7`.
    package var source: String

    /// A waiting message; see the properties.
    package init(number: Int, source: String) {
        self.number = number
        self.source = source
    }

    /// What fetching one message gave.
    package enum Content: Sendable {
        /// The message's bytes.
        case message([UInt8])
        /// The message is larger than the cap: skipped (and still moved out of the way).
        case tooLarge(limit: Int)
    }
}
