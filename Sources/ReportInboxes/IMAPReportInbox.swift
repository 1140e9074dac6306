import CCurl
import Foundation
import NewsletterCore
import Publishing
import Settings

/// The report inbox over IMAP (`imaps://`, or `imap://` with STARTTLS demanded).
///
/// Lists with `UID SEARCH ALL`, fetches each message by UID, and puts a processed one away with
/// `UID MOVE` to the processed folder (created if missing), or `UID COPY`, `\Deleted` and `EXPUNGE`
/// where the server has no MOVE. A message is only moved after its outcome is recorded, so a crash
/// at any point leaves it in the mailbox to be read again (and counted once: the ledger keys findings).
package final class IMAPReportInbox: ReportInbox {
    private let session: ReportInboxSession
    private var folderReady = false
    private var moveSupported = true

    /// Logs in (on the first transfer) to `inbox` with `password`.
    package init(inbox: Configuration.Bounces.ReportInbox, password: String) throws(NewsletterError) {
        session = try ReportInboxSession(inbox: inbox, password: password)
    }

    private var folderURL: String { "\(session.base)/\(session.folder)" }
    private var processed: String { Self.quoted(Configuration.Bounces.ReportInbox.processedFolder) }

    package func waitingReports() throws(NewsletterError) -> [InboxReport] {
        let transfer = try session.require(folderURL, command: "UID SEARCH UNDELETED", what: "listing the messages")
        let text = String(decoding: transfer.body, as: UTF8.self)
        var numbers: [Int] = []
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("* SEARCH") {
            numbers += line.dropFirst("* SEARCH".count).split(separator: " ").compactMap { Int($0) }
        }
        return numbers.sorted().map { InboxReport(number: $0, source: "\(folderURL);UID=\($0)") }
    }

    package func fetch(_ message: InboxReport, maximumBytes: Int) throws(NewsletterError) -> InboxReport.Content {
        switch try session.perform("\(folderURL)/;UID=\(message.number)", maximumBytes: maximumBytes) {
        case .success(let transfer): return .message(transfer.body)
        case .failure(.tooLarge(let limit)): return .tooLarge(limit: limit)
        case .failure(.curl(let error)): throw session.failure(error, what: "fetching UID \(message.number)")
        }
    }

    package func markProcessed(_ message: InboxReport) throws(NewsletterError) {
        if !folderReady {
            // Fails harmlessly when the folder exists already; a real problem shows in the MOVE.
            _ = try session.perform("\(session.base)/", command: "CREATE \(processed)")
            folderReady = true
        }
        if moveSupported {
            switch try session.perform(folderURL, command: "UID MOVE \(message.number) \(processed)") {
            case .success: return
            case .failure(.curl(let error)) where error.code == CURLE_QUOTE_ERROR: moveSupported = false
            case .failure(.curl(let error)): throw session.failure(error, what: "moving UID \(message.number)")
            case .failure(.tooLarge): return
            }
        }
        _ = try session.require(
            folderURL,
            command: "UID COPY \(message.number) \(processed)",
            what: "copying UID \(message.number)"
        )
        _ = try session.require(
            folderURL,
            command: "UID STORE \(message.number) +FLAGS.SILENT (\\Deleted)",
            what: "flagging UID \(message.number)"
        )
        _ = try session.require(folderURL, command: "EXPUNGE", what: "expunging UID \(message.number)")
    }

    package func close() { session.close() }

    /// An IMAP quoted string.
    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
