/// A problem with the settings or the local libcurl set-up, found before any mail is sent.
///
/// Thrown by ``SMTPConnection/init(settings:)``. The message names the setting
/// and what to do; it never contains a password.
package struct SMTPError: Error, Sendable, CustomStringConvertible {
    /// One line that says what is wrong and what to do.
    package var message: String

    /// Creates an error with the given message.
    package init(message: String) {
        self.message = message
    }

    /// The ``message``.
    package var description: String { message }
}
