import Composer
import Ledger
import NewsletterCore

/// The mail port: how the application layer hands mail to a transport (a mailing's recorded
/// deliveries, a test copy, a reader's letter): SMTP over libcurl in `Mailer`, a recording
/// stand-in in the tests.
package protocol MailingTransport: Sendable {
    /// Delivers every delivery of `mailing` still pending or deferred, each recipient's copy made by
    /// `messages`, records each outcome in `ledger` as it is known, and returns what this run did.
    ///
    /// `envelopeSender`, when set, gives each delivery's envelope sender (a VERP address).
    /// `progress` is called after each recorded outcome, from any thread.
    func deliver(
        _ mailing: Mailing,
        messages: any MessageSource,
        ledger: Ledger,
        envelopeSender: (@Sendable (Delivery) -> String)?,
        progress: (@Sendable (DeliveryReport) -> Void)?
    ) throws(NewsletterError) -> DeliveryReport

    /// Sends `message` to `address` alone, recording nothing (a test copy), and returns the server's
    /// acceptance; a deferral or refusal is the error it calls for (exit 75, 65, 69 or 77).
    func sendTestCopy(_ message: [UInt8], to address: String) throws(NewsletterError) -> String

    /// Sends a reader's letter (``LetterCourier``) to `address` alone, through the first relay that
    /// takes it, recording nothing; returns the server's acceptance. Fails with `.unavailable` or
    /// `.temporaryFailure` when no relay can take it now (the courier tries again later).
    func sendLetter(_ message: [UInt8], to address: String) throws(NewsletterError) -> String
}

/// What a transport needs of a mailing's messages: each recipient's whole copy, and its Message-ID.
///
/// ``MessageFactory`` is the one the application layer hands over; a transport never renders.
package protocol MessageSource: Sendable {
    /// The whole message `reader` receives in the edition numbered `editionNumber` (`nil`: the whole
    /// issue), CRLF throughout, signed when the list signs.
    func message(for reader: Reader, editionNumber: Int?) throws(NewsletterError) -> [UInt8]
    /// The `Message-ID` of `reader`'s copy, with its angle brackets: the same on every run.
    func messageID(for reader: Reader) -> String
}

extension MessageFactory: MessageSource {}
