import NewsletterCore
import Publishing
import Settings

/// The ``ReportInboxService`` over libcurl: IMAP or POP3, as the inbox URL says.
package struct CurlReportInboxService: ReportInboxService {
    /// A service; it holds nothing.
    package init() {}

    /// Logs in to `inbox` (on the first transfer): an ``IMAPReportInbox`` or a ``POP3ReportInbox``.
    package func open(
        _ inbox: Configuration.Bounces.ReportInbox,
        password: String
    ) throws(NewsletterError) -> any ReportInbox {
        inbox.isPOP3
            ? try POP3ReportInbox(inbox: inbox, password: password)
            : try IMAPReportInbox(inbox: inbox, password: password)
    }
}
