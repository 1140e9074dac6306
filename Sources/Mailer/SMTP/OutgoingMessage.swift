/// One message for ``SMTPConnection/send(_:beforeEnd:)``: its envelope, its bytes and a tag for its outcome.
package struct OutgoingMessage: Sendable {
    /// The envelope sender (MAIL FROM), per message.
    package var sender: String
    /// The one envelope recipient (RCPT TO).
    package var recipient: String
    /// The finished message, CRLF line ends, exactly as the recipient receives it.
    package var bytes: [UInt8]
    /// The DSN envelope identifier (`ENVID`, RFC 3461), when there is one.
    package var envelopeID: String?
    /// The caller's name for the message (the delivery's id), handed back with its outcome.
    package var tag: Int64

    /// A message; see the properties.
    package init(sender: String, recipient: String, bytes: [UInt8], envelopeID: String? = nil, tag: Int64) {
        self.sender = sender
        self.recipient = recipient
        self.bytes = bytes
        self.envelopeID = envelopeID
        self.tag = tag
    }
}

/// The outcome of the message handed over with `tag`.
package struct SMTPOutcome: Sendable, Equatable {
    /// The message's ``OutgoingMessage/tag``.
    package var tag: Int64
    /// What became of it.
    package var reply: SMTPReply
}

/// A message whose envelope and content the server took, and whose end of data goes out with the
/// next group: after DATA's 354 the "." (and the content, unless already sent), after a `BDAT n`
/// chunk the `BDAT 0 LAST`.
struct PendingMessage {
    /// Its tag.
    var tag: Int64
    /// Its bytes, not yet stuffed.
    var bytes: [UInt8]
    /// Whether its content went out already (in its BDAT chunk, or by
    /// ``SMTPConnection/sendContentInFlight()``): only the end of data is left.
    var contentSent = false
    /// Whether it travels in BDAT chunks (CHUNKING), so that its end of data is `BDAT 0 LAST`.
    var chunked = false
}
