import NewsletterCore
import Publishing
import Settings

/// The report inbox over POP3 (`pop3s://`, or `pop3://` with STLS demanded).
///
/// Lists with `LIST`, fetches with `RETR` and marks a processed message with `DELE`; the server
/// removes the marked messages only at `QUIT` (``close()``), so a crash before it leaves every
/// message in place, to be read again and counted once.
package final class POP3ReportInbox: ReportInbox {
    private let session: ReportInboxSession

    /// Logs in (on the first transfer) to `inbox` with `password`.
    package init(inbox: Configuration.Bounces.ReportInbox, password: String) throws(NewsletterError) {
        session = try ReportInboxSession(inbox: inbox, password: password)
    }

    package func waitingReports() throws(NewsletterError) -> [InboxReport] {
        let transfer = try session.require("\(session.base)/", what: "listing the messages")
        let numbers = String(decoding: transfer.body, as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .compactMap { line in line.split(separator: " ").first.flatMap { Int($0) } }
        return numbers.sorted().map { InboxReport(number: $0, source: "\(session.base)/\($0)") }
    }

    package func fetch(_ message: InboxReport, maximumBytes: Int) throws(NewsletterError) -> InboxReport.Content {
        switch try session.perform("\(session.base)/\(message.number)", maximumBytes: maximumBytes) {
        case .success(let transfer): return .message(transfer.body)
        case .failure(.tooLarge(let limit)): return .tooLarge(limit: limit)
        case .failure(.curl(let error)): throw session.failure(error, what: "fetching message \(message.number)")
        }
    }

    package func markProcessed(_ message: InboxReport) throws(NewsletterError) {
        _ = try session.require(
            "\(session.base)/\(message.number)",
            command: "DELE",
            noBody: true,
            what: "deleting message \(message.number)"
        )
    }

    package func close() { session.close() }
}
