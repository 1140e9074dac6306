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
