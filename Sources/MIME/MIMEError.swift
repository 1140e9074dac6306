/// A problem with data that is about to go into a mail message.
///
/// The message is one line that names what is wrong and what to do about it,
/// ready to be shown to the person who supplied the data.
package struct MIMEError: Error, Sendable, CustomStringConvertible, Equatable {
    /// One line saying what is wrong and what to do.
    package let message: String

    /// Creates an error with a one-line message.
    ///
    /// - Parameter message: What is wrong and what to do about it.
    package init(_ message: String) {
        self.message = message
    }

    /// The message, as shown to the user.
    package var description: String { message }
}
