import Composer
import Mailbox
import Publishing

/// The ``ReportInboxService`` over libcurl: IMAP or POP3, as the mailbox URL says.
package struct CurlReportInboxService: ReportInboxService {
    /// A service; it holds nothing.
    package init() {}

    /// Logs in to `mailbox`.
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
        return CurlReportInbox(
            mailbox: try Self.mapping { () throws(MailboxError) -> any ReportMailbox in
                settings.isPOP3 ? try POP3Mailbox(settings: settings) : try IMAPMailbox(settings: settings)
            }
        )
    }

    /// `body`'s result, with a ``MailboxError`` turned into the exit status it calls for.
    static func mapping<T>(_ body: () throws(MailboxError) -> T) throws(NewsletterError) -> T {
        do { return try body() } catch {
            let code: NewsletterError.Code =
                switch error.kind {
                case .unreachable: .unavailable
                case .loginRefused: .authenticationFailed
                case .refused: .temporaryFailure
                }
            throw NewsletterError(code, error.message, context: "bounces.mailbox")
        }
    }
}

/// A logged-in IMAP or POP3 mailbox as a ``ReportInbox``; remembers the messages it listed, by number.
final class CurlReportInbox: ReportInbox {
    let mailbox: any ReportMailbox
    private var listed: [Int: MailboxMessage] = [:]

    init(mailbox: any ReportMailbox) { self.mailbox = mailbox }

    func waitingReports() throws(NewsletterError) -> [InboxReport] {
        let messages = try CurlReportInboxService.mapping { () throws(MailboxError) in try mailbox.waitingMessages() }
        for message in messages { listed[message.number] = message }
        return messages.map { InboxReport(number: $0.number, source: $0.source) }
    }

    func fetch(_ report: InboxReport, maximumBytes: Int) throws(NewsletterError) -> InboxReport.Content {
        let message = try listedMessage(report)
        return try CurlReportInboxService.mapping { () throws(MailboxError) -> InboxReport.Content in
            switch try mailbox.fetch(message, maximumBytes: maximumBytes) {
            case .message(let bytes): .message(bytes)
            case .tooLarge(let limit): .tooLarge(limit: limit)
            }
        }
    }

    func markProcessed(_ report: InboxReport) throws(NewsletterError) {
        let message = try listedMessage(report)
        try CurlReportInboxService.mapping { () throws(MailboxError) in try mailbox.markProcessed(message) }
    }

    func close() { mailbox.close() }

    private func listedMessage(_ report: InboxReport) throws(NewsletterError) -> MailboxMessage {
        guard let message = listed[report.number] else {
            throw NewsletterError(
                .temporaryFailure,
                "\(report.source) was not listed as waiting",
                context: "bounces.mailbox"
            )
        }
        return message
    }
}
