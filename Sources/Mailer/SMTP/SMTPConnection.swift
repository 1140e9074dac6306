import CCurl
import Curl

/// One SMTP session owner: libcurl sets each session up, and the mail transactions on it are ours.
///
/// libcurl connects, reads the greeting, sends EHLO, STARTTLS and AUTH (`CURLOPT_CONNECT_ONLY`);
/// then the transaction is spoken over `curl_easy_send`/`curl_easy_recv` (see
/// `SMTPConnection+Pipeline.swift` for a message's way through, `SMTPConnection+Transaction.swift`
/// for one write group and its replies): pipelined when the server offers PIPELINING, with BDAT when
/// it offers CHUNKING, one command at a time otherwise. One session serves many messages; after a
/// failure the next message opens a new one.
///
/// Not `Sendable`: each worker thread creates and owns its own connection. The options are set
/// once in ``init(settings:)`` on a handle that never connects itself; each session runs on a
/// duplicate of it.
package final class SMTPConnection {
    /// The configured libcurl easy handle that each session duplicates; cleaned up in `deinit`.
    let handle: UnsafeMutableRawPointer
    /// libcurl's `CURLOPT_ERRORBUFFER` (`CURL_ERROR_SIZE` bytes).
    let errorBuffer: UnsafeMutablePointer<CChar>
    /// The server's reply lines while libcurl sets a session up; reached from the header and prereq callbacks.
    let replies: ReplyRecorder
    /// The longest wait for the server, in seconds.
    let timeoutSeconds: Int
    /// The open session, if there is one.
    var session: SMTPSession?
    /// The message whose envelope the server accepted (354) and whose content waits for the next group.
    var inFlight: PendingMessage?
    /// Whether the next group must start with RSET (after a refused recipient or message).
    var pendingReset = false
    /// Whether the caller refused the last end of data (the ledger failed): the message being
    /// started is dropped with the session.
    var endRefused = false
    /// The bytes of the next write, reused from message to message.
    var output: [UInt8] = []
    /// How many connections this object has opened so far.
    package internal(set) var connectionsOpened = 0

    /// Validates `settings` and prepares a handle; does not connect yet.
    ///
    /// Throws ``SMTPError`` when a setting is unusable (scheme not matching
    /// ``SMTPSettings/tls``, credentials in the URL, a bad EHLO domain, a
    /// timeout below 1 s, an unreadable CA file) or libcurl cannot be set up.
    package init(settings: SMTPSettings) throws(SMTPError) {
        let url = try settings.validatedCurlURL()
        guard CurlGlobal.initialization == CURLE_OK else {
            throw SMTPError(message: "libcurl could not be initialised (curl_global_init failed)")
        }
        guard let handle = curl_easy_init() else {
            throw SMTPError(message: "libcurl could not create a handle (curl_easy_init failed)")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        replies = ReplyRecorder(requiresAuthentication: settings.username != nil)
        timeoutSeconds = settings.timeoutSeconds
        // self is fully initialised here: should this throw, deinit still frees both.
        try configure(url: url, settings: settings)
    }

    deinit {
        // A message still waiting for its content is dropped: its session closes without the end of data.
        if inFlight != nil { session?.markBroken() }
        session = nil
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends one message with envelope MAIL FROM `sender` and RCPT TO `recipient`, and waits for its outcome.
    ///
    /// `message` is the complete RFC 5322 message with CRLF line ends; lines that start with "."
    /// are dot-stuffed and the end of data is added (or, with CHUNKING, the bytes go as they are).
    /// Exactly one recipient. An address with CR, LF, NUL or another control character, a space,
    /// `<` or `>` is refused without contacting the server: a bad `recipient` as
    /// ``SMTPReply/Outcome/rejectedRecipient``, a bad `sender` as
    /// ``SMTPReply/Outcome/rejectedMessage``, both with code 0. With a username set, a session
    /// that did not authenticate (the server offered no AUTH) is stopped before MAIL FROM:
    /// ``SMTPReply/Outcome/authenticationFailed``.
    ///
    /// When a reused connection turns out to have been closed by the server while idle (a send or
    /// receive error before any reply), the message is retried once on a fresh connection;
    /// nothing can have been delivered in that case.
    ///
    /// `beforeEnd`, when given, runs on this thread just before the end of data (the final ".", or
    /// `BDAT … LAST`) is sent: the last moment before the server can accept the message. The
    /// delivery run uses it to make sure the previous message's outcome is in the ledger first;
    /// when it returns false, the message is abandoned without its end of data.
    package func send(
        from sender: String,
        to recipient: String,
        message: [UInt8],
        beforeEnd: (() -> Bool)? = nil
    ) -> SMTPReply {
        let outgoing = OutgoingMessage(sender: sender, recipient: recipient, bytes: message, tag: 0)
        var outcomes = send(outgoing, beforeEnd: beforeEnd)
        outcomes += flush(beforeEnd: beforeEnd)
        return outcomes.last { $0.tag == 0 }?.reply
            ?? SMTPReply(outcome: .temporary, code: 0, detail: "no reply for the message")
    }
}

@available(*, unavailable, message: "SMTPConnection wraps a libcurl easy handle: give each thread its own")
extension SMTPConnection: Sendable {}
