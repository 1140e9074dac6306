import Foundation
import Ledger
import NewsletterCore
import Publishing
import Synchronization

/// A ``MailingTransport`` without SMTP: records every copy it is asked to deliver and answers each
/// delivery with `answer` in the ledger, as the SMTP transport would record a server's reply.
final class RecordingTransport: MailingTransport {
    /// One copy handed to the transport.
    struct Copy: Sendable {
        var mailingNumber: Int
        var address: String
        /// The whole message, as it would go over the wire.
        var message: String
        /// The mailing's plain-text body as rendered, the recipient's values still holes (empty for a test copy).
        var text = ""
    }

    /// What each delivery gets: `.sent` (250) or `.deferred` (a 4xx, left for the next run).
    let answer: DeliveryState
    private let copies = Mutex<[Copy]>([])
    private let testCopies = Mutex<[Copy]>([])

    init(answer: DeliveryState = .sent) { self.answer = answer }

    /// Every copy delivered, in order.
    var delivered: [Copy] { copies.withLock { $0 } }
    /// Every test copy sent.
    var tested: [Copy] { testCopies.withLock { $0 } }

    func deliver(
        _ mailing: Mailing,
        messages: any MessageSource,
        ledger: Ledger,
        envelopeSender: (@Sendable (Delivery) -> String)?,
        progress: (@Sendable (DeliveryReport) -> Void)?
    ) throws(NewsletterError) -> DeliveryReport {
        var report = DeliveryReport()
        var after: Int64 = 0
        while true {
            let batch = try ledger.deliveriesToSend(of: mailing, after: after)
            guard let last = batch.last else { break }
            after = last.id
            var results: [DeliveryResult] = []
            for delivery in batch {
                let copy = Copy(
                    mailingNumber: mailing.number,
                    address: delivery.reader.email,
                    message: String(
                        decoding: try messages.message(for: delivery.reader, editionNumber: delivery.editionNumber),
                        as: UTF8.self
                    ),
                    text: mailing.rendered.text
                )
                copies.withLock { $0.append(copy) }
                results.append(DeliveryResult(deliveryID: delivery.id, state: answer, reply: "\(answer) by the test"))
                if answer == .sent { report.sent += 1 } else { report.deferred += 1 }
            }
            try ledger.record(results)
            progress?(report)
        }
        _ = try ledger.completeIfDone(mailing)
        return report
    }

    /// Whether the relays take readers' letters now; `false` answers each one as an unreachable relay would.
    let takesLetters = Mutex(true)
    private let sentLetters = Mutex<[Copy]>([])
    /// Every reader's letter sent.
    var letters: [Copy] { sentLetters.withLock { $0 } }

    func sendLetter(_ message: [UInt8], to address: String) throws(NewsletterError) -> String {
        guard takesLetters.withLock({ $0 }) else {
            throw NewsletterError(.unavailable, "no relay answers (the test's)", context: "smtp://127.0.0.1:9")
        }
        sentLetters.withLock {
            $0.append(Copy(mailingNumber: 0, address: address, message: String(decoding: message, as: UTF8.self)))
        }
        return "250 queued by the test"
    }

    func sendTestCopy(_ message: [UInt8], to address: String) throws(NewsletterError) -> String {
        testCopies.withLock {
            $0.append(Copy(mailingNumber: 0, address: address, message: String(decoding: message, as: UTF8.self)))
        }
        return "250 queued by the test"
    }
}
