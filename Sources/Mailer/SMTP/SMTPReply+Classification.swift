import CCurl

extension SMTPReply {
    /// Classifies what libcurl reported, by the SMTP reply code first.
    ///
    /// 4xx anywhere is ``Outcome/temporary``. For 5xx the stage comes from the
    /// text libcurl 7.88 writes to its error buffer (lib/smtp.c): "RCPT failed: %d",
    /// "MAIL failed: %d", "DATA failed: %d", "Authentication failed: %d";
    /// "Remote access denied: %d" (EHLO), "Got unexpected smtp-server response: %d"
    /// (greeting) and "STARTTLS denied, code %d" mean no session. The final reply
    /// after the message content has no text of its own (CURLE_WEIRD_SERVER_REPLY),
    /// so an unrecognised 5xx counts as ``Outcome/rejectedMessage``. Without a 4xx or
    /// 5xx reply, the CURLcode decides.
    init(classifying result: SMTPTransferResult) {
        self.init(
            outcome: Self.outcome(of: result),
            code: result.responseCode,
            detail: Self.detail(of: result)
        )
    }

    /// The outcome for `result`; see ``init(classifying:)``.
    private static func outcome(of result: SMTPTransferResult) -> Outcome {
        let code = result.responseCode
        if result.refusedUnauthenticatedSession {
            return .authenticationFailed
        }
        if result.curlCode == CURLE_OK {
            return .accepted
        }
        if (400..<500).contains(code) {
            return .temporary
        }
        if (500..<600).contains(code) {
            return permanentOutcome(of: result)
        }
        if result.curlCode == CURLE_LOGIN_DENIED {
            // e.g. "No known authentication mechanisms supported" after a 250 EHLO.
            return .authenticationFailed
        }
        if connectionFailures.contains(result.curlCode) || isConnectTimeout(result) {
            return .unreachable
        }
        if code == 0 && result.newConnections > 0 {
            // A new connection on which the server never completed a reply.
            return .unreachable
        }
        // A timeout or a dropped connection during the transaction.
        return .temporary
    }

    /// The outcome for a 5xx reply, by the stage libcurl names in its error text.
    private static func permanentOutcome(of result: SMTPTransferResult) -> Outcome {
        let text = result.errorText
        // 530 authentication (or STARTTLS) required, 534 mechanism too weak,
        // 535 credentials invalid, 538 encryption required (RFC 4954, RFC 3207):
        // refusals of the session, whatever the stage, never of the recipient.
        if result.curlCode == CURLE_LOGIN_DENIED || [530, 534, 535, 538].contains(result.responseCode)
            || text.hasPrefix("Authentication failed")
        {
            return .authenticationFailed
        }
        if text.hasPrefix("RCPT failed") {
            return .rejectedRecipient
        }
        if text.hasPrefix("MAIL failed") || text.hasPrefix("DATA failed") {
            return .rejectedMessage
        }
        if text.hasPrefix("Remote access denied") || text.hasPrefix("Got unexpected smtp-server response")
            || text.hasPrefix("STARTTLS denied") || result.curlCode == CURLE_USE_SSL_FAILED
        {
            return .unreachable
        }
        return .rejectedMessage
    }

    /// CURLcodes that mean no usable session was set up.
    private static let connectionFailures: [CURLcode] = [
        CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_COULDNT_RESOLVE_PROXY,
        CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_REMOTE_ACCESS_DENIED,
        CURLE_USE_SSL_FAILED, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION,
        CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE,
        CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
        CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
        CURLE_SSL_CLIENTCERT,
    ]

    /// True for a timeout while resolving or connecting (libcurl's multi.c texts).
    private static func isConnectTimeout(_ result: SMTPTransferResult) -> Bool {
        result.curlCode == CURLE_OPERATION_TIMEDOUT
            && (result.errorText.hasPrefix("Resolving timed out") || result.errorText.hasPrefix("Connection timed out"))
    }

    /// One line for logs: the reply code, libcurl's text for the stage, and
    /// for MAIL/RCPT/DATA replies the server's own text.
    ///
    /// The server's text is left out for other stages, so that a server echoing
    /// an AUTH exchange cannot put credentials into a log; libcurl's texts never
    /// contain the password. Control characters become spaces.
    private static func detail(of result: SMTPTransferResult) -> String {
        let code = result.responseCode
        if result.refusedUnauthenticatedSession {
            return "the server did not authenticate the session (no usable AUTH offered); nothing sent"
        }
        if result.curlCode == CURLE_USE_SSL_FAILED, !(400..<600).contains(result.responseCode) {
            // Not offered at all: libcurl's text comes with the EHLO reply's 250, which is no refusal.
            return "the server does not offer STARTTLS (smtp.tls is starttls), so nothing was sent in clear: turn "
                + "TLS on at the relay, or look for something between here and the relay that strips it"
        }
        if result.curlCode == CURLE_OK {
            return oneLine("\(code) \(result.serverText.isEmpty ? "message accepted" : result.serverText)")
        }
        var text = result.errorText
        if code > 0, text.hasSuffix(": \(code)") {
            text.removeLast(": \(code)".count)
        }
        let transactionStages = ["MAIL failed", "RCPT failed", "DATA failed"]
        var isTransactionStage = transactionStages.contains { text.hasPrefix($0) }
        if text.isEmpty, result.curlCode == CURLE_WEIRD_SERVER_REPLY, (400..<600).contains(code) {
            // libcurl writes no text for the final reply after the message content.
            text = "message refused after DATA"
            isTransactionStage = true
        }
        if text.isEmpty {
            text = String(cString: curl_easy_strerror(result.curlCode))
        }
        if isTransactionStage, !result.serverText.isEmpty {
            text += ": \(result.serverText)"
        }
        return oneLine(code > 0 ? "\(code) \(text)" : text)
    }

    /// `text` with control characters as spaces, trimmed, at most 300 characters.
    ///
    /// Runs once per message, so ASCII text (the usual reply) is handled on its bytes.
    static func oneLine(_ text: String) -> String {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            let flat = String(
                text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) }
            )
            let trimmed = flat.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
            return String(String(trimmed).prefix(300))
        }
        var bytes = Array(text.utf8.prefix(300))
        for index in bytes.indices where bytes[index] < 0x20 || bytes[index] == 0x7F {
            bytes[index] = UInt8(ascii: " ")
        }
        let start = bytes.firstIndex { $0 != UInt8(ascii: " ") } ?? bytes.endIndex
        let end = (bytes.lastIndex { $0 != UInt8(ascii: " ") }).map { $0 + 1 } ?? start
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}
