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

/// The port to the subscriber file the editor keeps: `serve` reads a reader's row and, on "delete
/// my data", takes the row out.
package protocol ReaderDirectory: Sendable {
    /// The file's row for `email` (compared case-insensitively), or `nil`.
    func listedRow(_ email: String) -> Subscriber?
    /// Rewrites the file without `email`'s rows, every other byte kept; atomically.
    func eraseListed(_ email: String) throws(NewsletterError)
}
