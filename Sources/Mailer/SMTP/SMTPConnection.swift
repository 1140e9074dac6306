import CCurl

/// One SMTP session owner: wraps one libcurl easy handle, reused for many messages.
///
/// libcurl keeps the connection open between transfers, so consecutive
/// ``send(from:to:message:)`` calls share one SMTP session (greeting, EHLO,
/// STARTTLS and AUTH happen once). After any failed transfer libcurl closes the
/// connection and the next send opens a new one.
///
/// Not `Sendable`: each worker thread creates and owns its own connection. The
/// options that never change are set once in ``init(settings:)``; per message
/// only the envelope, the upload source and its size change.
public final class SMTPConnection {
    /// The libcurl easy handle; cleaned up in `deinit`.
    let handle: UnsafeMutableRawPointer
    /// libcurl's `CURLOPT_ERRORBUFFER` (`CURL_ERROR_SIZE` bytes).
    let errorBuffer: UnsafeMutablePointer<CChar>
    /// The message being uploaded; reached from the read callback.
    let upload = UploadSource()
    /// The server's reply lines; reached from the header and prereq callbacks.
    let replies: ReplyRecorder
    /// How many connections this object has opened so far (sum of `CURLINFO_NUM_CONNECTS`).
    public internal(set) var connectionsOpened = 0

    /// Validates `settings` and prepares a handle; does not connect yet.
    ///
    /// Throws ``SMTPError`` when a setting is unusable (scheme not matching
    /// ``SMTPSettings/security``, credentials in the URL, a bad EHLO domain, a
    /// timeout below 1 s, an unreadable CA file) or libcurl cannot be set up.
    public init(settings: SMTPSettings) throws(SMTPError) {
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
        // self is fully initialised here: should this throw, deinit still frees both.
        try configure(url: url, settings: settings)
    }

    deinit {
        // Closes the connection (QUIT) and frees the handle before the buffer it writes to.
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends one message with envelope MAIL FROM `sender` and RCPT TO `recipient`.
    ///
    /// `message` is the complete RFC 5322 message with CRLF line ends; libcurl
    /// dot-stuffs lines that start with "." and appends the final ".". Exactly one
    /// recipient. An address with CR, LF, NUL or another control character, a
    /// space, `<`, `>` or non-ASCII is refused without contacting the server: a bad
    /// `recipient` as ``SMTPReply/Outcome/rejectedRecipient``, a bad `sender` as
    /// ``SMTPReply/Outcome/rejectedMessage``, both with code 0. With a username
    /// set, a session that did not authenticate (the server offered no AUTH) is
    /// stopped before MAIL FROM: ``SMTPReply/Outcome/authenticationFailed``.
    ///
    /// When a reused connection turns out to have been closed by the server while
    /// idle (a send or receive error before any reply), the message is retried once
    /// on a fresh connection; nothing can have been delivered in that case. Blocks
    /// for at most about three times the configured timeout per attempt.
    ///
    /// `beforeEnd`, when given, runs on this thread once the whole message has been handed to
    /// libcurl and just before the end of data (the final ".") is sent: the last moment before the
    /// server can accept the message. The delivery run uses it to make sure the previous message's
    /// outcome is in the ledger before this one can be accepted.
    public func send(from sender: String, to recipient: String, message: [UInt8], beforeEnd: (() -> Void)? = nil) -> SMTPReply {
        let from: EnvelopeAddress
        let to: EnvelopeAddress
        do {
            to = try EnvelopeAddress(validating: recipient)
        } catch {
            return SMTPReply(outcome: .rejectedRecipient, code: 0, detail: "recipient address \(error.explanation); nothing sent")
        }
        do {
            from = try EnvelopeAddress(validating: sender)
        } catch {
            return SMTPReply(outcome: .rejectedMessage, code: 0, detail: "sender address \(error.explanation); nothing sent")
        }
        var result = transfer(from: from, to: to, message: message, freshConnection: false, beforeEnd: beforeEnd)
        if result.isDeadReusedConnection {
            result = transfer(from: from, to: to, message: message, freshConnection: true, beforeEnd: beforeEnd)
        }
        return SMTPReply(classifying: result)
    }
}

@available(*, unavailable, message: "SMTPConnection wraps a libcurl easy handle: give each thread its own")
extension SMTPConnection: Sendable {}
