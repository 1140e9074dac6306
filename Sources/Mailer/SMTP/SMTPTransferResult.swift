import CCurl

/// What libcurl reported about one `curl_easy_perform`, before classification.
///
/// Kept separate from the handle so that ``SMTPReply/init(classifying:)`` is a
/// pure function that tests can feed directly.
struct SMTPTransferResult: Equatable {
    /// The result of `curl_easy_perform`.
    var curlCode: CURLcode
    /// The last SMTP reply code (`CURLINFO_RESPONSE_CODE`), 0 if none.
    var responseCode: Int
    /// The text from `CURLOPT_ERRORBUFFER` (empty when libcurl wrote none).
    var errorText: String
    /// New connections this transfer opened (`CURLINFO_NUM_CONNECTS`); 0 when
    /// it reused one, or when it could not open one.
    var newConnections: Int
    /// The server's text in the reply that carried ``responseCode`` (without the code).
    var serverText = ""
    /// True when the transfer was stopped before MAIL FROM because a session
    /// that had to authenticate did not (see ``ReplyRecorder``).
    var refusedUnauthenticatedSession = false

    /// True when a reused connection turned out to be dead before the server
    /// said anything: worth one retry on a fresh connection.
    ///
    /// Nothing can have been accepted then, so the retry cannot duplicate a
    /// message.
    var isDeadReusedConnection: Bool {
        let deadCodes: [CURLcode] = [CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING]
        return deadCodes.contains(curlCode) && responseCode == 0 && newConnections == 0
    }
}
