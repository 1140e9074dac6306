import Ledger
import NewsletterCore

/// The port through which `serve` mails a reader the letters it owes them: a confirmation, "you
/// are already subscribed", their data. The executable wires in one that renders the letter from
/// the list's templates, signs it (DKIM) and hands it to the relay pool.
package protocol ReaderPost: Sendable {
    /// Mails `letter` to its reader; `reader` is what the database holds of them (for their data).
    ///
    /// Fails with `.unavailable` or `.temporaryFailure` when the relay cannot take it now (the
    /// letter is tried again later); any other failure drops the letter.
    func send(_ letter: Letter, reader: ReaderData) throws(NewsletterError)
}
