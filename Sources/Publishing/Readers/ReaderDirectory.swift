import Composer
import NewsletterCore

/// The port to the subscriber file the editor keeps: the readers' desk reads a reader's row and, on
/// "delete my data", takes the row out. ``SubscriberFile`` is the one `Publisher.readerDesk` wires
/// in; the tests have one in memory.
package protocol ReaderDirectory: Sendable {
    /// The file's row for `email` (compared case-insensitively), or `nil`.
    func listedRow(_ email: String) -> Reader?
    /// Rewrites the file without `email`'s rows, every other byte kept, atomically; returns how many went.
    func eraseListed(_ email: String) throws(NewsletterError) -> Int
}

extension SubscriberFile: ReaderDirectory {
    package func listedRow(_ email: String) -> Reader? {
        try? first { $0.email.equalsIgnoringCase(email) }
    }

    package func eraseListed(_ email: String) throws(NewsletterError) -> Int {
        try erase(email)
    }
}
