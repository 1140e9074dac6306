import Composer
import NewsletterCore
import Signing

/// The port to the subscriber file the editor keeps: the readers' desk reads a reader's row and, on
/// "delete my data", takes the row out. ``SubscriberIndex`` is the one `Publisher.readerDesk` wires
/// in (the file read once and indexed); the tests have one in memory.
///
/// Its lookups may read the file: the desk calls them off its database queue.
package protocol ReaderDirectory: Sendable {
    /// The file's row for `email` (compared case-insensitively), or `nil`.
    func listedRow(_ email: String) -> Reader?
    /// The file's row whose unsubscribe token (``ReaderToken``) is `token`, or `nil`: a reader the
    /// file lists has a working page link before any mailing has reached them.
    func listedRow(readerToken token: String) -> Reader?
    /// Rewrites the file without `email`'s rows, every other byte kept, atomically; returns how many went.
    func eraseListed(_ email: String) throws(NewsletterError) -> Int
}

extension SubscriberIndex: ReaderDirectory {
    package func listedRow(_ email: String) -> Reader? {
        row(forAddress: email)
    }

    package func listedRow(readerToken token: String) -> Reader? {
        row(forReaderToken: token)
    }

    package func eraseListed(_ email: String) throws(NewsletterError) -> Int {
        try file.erase(email)
    }
}
