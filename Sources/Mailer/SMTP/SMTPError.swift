/// A problem with the settings or the local libcurl set-up, found before any mail is sent.
///
/// Thrown by ``SMTPConnection/init(settings:)``. The message names the setting
/// and what to do; it never contains a password.
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    /// One line that says what is wrong and what to do.
    public var message: String

    /// Creates an error with the given message.
    public init(message: String) {
        self.message = message
    }

    /// The ``message``.
    public var description: String { message }
}
