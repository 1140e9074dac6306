import NewsletterCore

/// The port to the subscriber file the editor keeps: `serve` reads a reader's row and, on "delete
/// my data", takes the row out.
package protocol ReaderDirectory: Sendable {
    /// The file's row for `email` (compared case-insensitively), or `nil`.
    func listedRow(_ email: String) -> Subscriber?
    /// Rewrites the file without `email`'s rows, every other byte kept; atomically.
    func eraseListed(_ email: String) throws(NewsletterError)
}
