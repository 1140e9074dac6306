import CCurl

extension SMTPConnection {
    /// Runs one SMTP transaction with the per-message options and collects what libcurl reports.
    ///
    /// Per message only MAIL_FROM, MAIL_RCPT, INFILESIZE_LARGE and the upload
    /// source change (plus FRESH_CONNECT for a retry). Failures to set these are
    /// reported as a result, never thrown.
    func transfer(
        from sender: EnvelopeAddress,
        to recipient: EnvelopeAddress,
        message: [UInt8],
        freshConnection: Bool,
        beforeEnd: (() -> Void)?
    ) -> SMTPTransferResult {
        guard let recipients = curl_slist_append(nil, recipient.bracketed) else {
            return SMTPTransferResult(curlCode: CURLE_OUT_OF_MEMORY, responseCode: 0, errorText: "", newConnections: 0)
        }
        upload.reset(to: message, beforeEnd: beforeEnd)
        replies.reset()
        errorBuffer[0] = 0
        defer {
            // libcurl does not copy the list: detach it before freeing it.
            _ = ccurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil)
            curl_slist_free_all(recipients)
            upload.clear()
        }
        let setUp: [CURLcode] = [
            ccurl_setopt_string(handle, CURLOPT_MAIL_FROM, sender.bracketed),
            ccurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients),
            ccurl_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.count)),
            ccurl_setopt_long(handle, CURLOPT_FRESH_CONNECT, freshConnection ? 1 : 0),
        ]
        if let failure = setUp.first(where: { $0 != CURLE_OK }) {
            return SMTPTransferResult(curlCode: failure, responseCode: 0, errorText: "", newConnections: 0)
        }
        let code = curl_easy_perform(handle)
        let newConnections = longInfo(CURLINFO_NUM_CONNECTS)
        let responseCode = longInfo(CURLINFO_RESPONSE_CODE)
        connectionsOpened += newConnections
        return SMTPTransferResult(
            curlCode: code,
            responseCode: responseCode,
            errorText: String(cString: errorBuffer),
            newConnections: newConnections,
            serverText: replies.lastReplyText(code: responseCode),
            refusedUnauthenticatedSession: replies.refusedUnauthenticatedSession
        )
    }

    /// Reads a `long` item from `curl_easy_getinfo`; 0 when libcurl has none.
    func longInfo(_ info: CURLINFO) -> Int {
        var value = 0
        return ccurl_getinfo_long(handle, info, &value) == CURLE_OK ? value : 0
    }
}
