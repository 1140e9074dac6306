import NewsletterCore
import Publishing
import Settings

/// The ``ReportInboxService`` over libcurl: IMAP or POP3, as the mailbox URL says.
package struct CurlReportInboxService: ReportInboxService {
    /// A service; it holds nothing.
    package init() {}

    /// Logs in to `mailbox` (on the first transfer): an ``IMAPMailbox`` or a ``POP3Mailbox``.
    package func open(
        _ mailbox: Configuration.Bounces.Mailbox,
        password: String
    ) throws(NewsletterError) -> any ReportInbox {
        let settings = MailboxSettings(
            url: mailbox.url,
            username: mailbox.username,
            password: password,
            caFile: mailbox.caFile?.path,
            timeoutSeconds: mailbox.timeoutSeconds
        )
        return settings.isPOP3 ? try POP3Mailbox(settings: settings) : try IMAPMailbox(settings: settings)
    }
}
