/// How to reach the report mailbox: server, credentials and trust.
package struct MailboxSettings: Sendable {
    /// `imaps://host[:port]/MAILBOX`, `imap://…` (STARTTLS demanded), `pop3s://host[:port]` or `pop3://…`
    /// (STLS demanded).
    package var url: String
    /// The login name.
    package var username: String
    /// The password.
    package var password: String
    /// An extra trust anchor (PEM) for the server's certificate; verification is always on.
    package var caFile: String?
    /// Seconds to wait for the server.
    package var timeoutSeconds: Int
    /// The folder processed reports are moved to (IMAP).
    package var processedFolder = "Processed"

    /// Settings for `url`.
    package init(url: String, username: String, password: String, caFile: String?, timeoutSeconds: Int) {
        self.url = url
        self.username = username
        self.password = password
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds
    }

    /// Whether the URL names a POP3 server.
    package var isPOP3: Bool { url.lowercased().hasPrefix("pop3") }
}

/// Why the mailbox could not be read.
package struct MailboxError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    package enum Kind: Sendable, Equatable {
        /// The server cannot be reached, or TLS could not be set up.
        case unreachable
        /// The server refused the login.
        case loginRefused
        /// The server refused a command, or answered something unexpected.
        case refused
    }

    /// The kind.
    package var kind: Kind
    /// One line: what happened.
    package var message: String

    /// The ``message``.
    package var description: String { message }
}

/// One message waiting in the mailbox.
package struct MailboxMessage: Sendable, Equatable {
    /// The IMAP UID or POP3 message number.
    package var number: Int
    /// Where it is, for messages: `imaps://host/INBOX;UID=7`.
    package var source: String
}

/// What fetching one message gave.
package enum FetchedMessage: Sendable {
    /// The message's bytes.
    case message([UInt8])
    /// The message is larger than the cap: skipped (and still moved out of the way).
    case tooLarge(limit: Int)
}

/// A report mailbox: list what waits, fetch each, and put each away once its outcome is recorded.
package protocol ReportMailbox {
    /// The messages waiting, oldest first.
    func waitingMessages() throws(MailboxError) -> [MailboxMessage]
    /// One message's bytes, at most `maximumBytes`.
    func fetch(_ message: MailboxMessage, maximumBytes: Int) throws(MailboxError) -> FetchedMessage
    /// Moves `message` out of the waiting folder (IMAP: to the processed folder; POP3: deleted).
    func markProcessed(_ message: MailboxMessage) throws(MailboxError)
    /// Ends the session (POP3 commits its deletions here).
    func close()
}
