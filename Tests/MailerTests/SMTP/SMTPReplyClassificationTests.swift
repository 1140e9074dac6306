import CCurl
import TestSupport
import Testing

@testable import Mailer

/// Classification of what libcurl reports, for stages the test server cannot easily produce.
@Suite struct SMTPReplyClassificationTests {
    /// A transfer result with libcurl's `text`.
    private func result(
        _ curlCode: CURLcode,
        _ code: Int,
        _ text: String = "",
        newConnections: Int = 1,
        serverText: String = ""
    ) -> SMTPTransferResult {
        SMTPTransferResult(
            curlCode: curlCode,
            responseCode: code,
            errorText: text,
            newConnections: newConnections,
            serverText: serverText
        )
    }

    @Test func classifiesByReplyCodeAndStage() {
        let cases: [(SMTPTransferResult, SMTPReply.Outcome)] = [
            (result(CURLE_OK, 250), .accepted),
            (result(CURLE_WEIRD_SERVER_REPLY, 421, "Got unexpected smtp-server response: 421"), .temporary),
            (result(CURLE_WEIRD_SERVER_REPLY, 554, "Got unexpected smtp-server response: 554"), .unreachable),
            (result(CURLE_REMOTE_ACCESS_DENIED, 550, "Remote access denied: 550"), .unreachable),
            (result(CURLE_USE_SSL_FAILED, 454, "STARTTLS denied, code 454"), .temporary),
            (result(CURLE_USE_SSL_FAILED, 554, "STARTTLS denied, code 554"), .unreachable),
            (result(CURLE_USE_SSL_FAILED, 250, "STARTTLS not supported."), .unreachable),
            (result(CURLE_LOGIN_DENIED, 535), .authenticationFailed),
            (result(CURLE_LOGIN_DENIED, 454), .temporary),
            (result(CURLE_LOGIN_DENIED, 250), .authenticationFailed),
            (result(CURLE_SEND_ERROR, 530, "MAIL failed: 530"), .authenticationFailed),
            (result(CURLE_SEND_ERROR, 530, "RCPT failed: 530"), .authenticationFailed),
            (result(CURLE_SEND_ERROR, 553, "MAIL failed: 553"), .rejectedMessage),
            (result(CURLE_SEND_ERROR, 550, "RCPT failed: 550"), .rejectedRecipient),
            (result(CURLE_SEND_ERROR, 452, "RCPT failed: 452"), .temporary),
            (result(CURLE_SEND_ERROR, 554, "DATA failed: 554"), .rejectedMessage),
            (result(CURLE_WEIRD_SERVER_REPLY, 552), .rejectedMessage),
            (result(CURLE_WEIRD_SERVER_REPLY, 451), .temporary),
            (result(CURLE_COULDNT_CONNECT, 0, "Failed to connect", newConnections: 0), .unreachable),
            (result(CURLE_COULDNT_RESOLVE_HOST, 0, "Could not resolve host: x", newConnections: 0), .unreachable),
            (result(CURLE_PEER_FAILED_VERIFICATION, 220, "SSL certificate problem"), .unreachable),
            (result(CURLE_SSL_CONNECT_ERROR, 0), .unreachable),
            (
                result(CURLE_OPERATION_TIMEDOUT, 0, "Connection timed out after 1001 milliseconds", newConnections: 0),
                .unreachable
            ),
            (result(CURLE_OPERATION_TIMEDOUT, 0, "server response timeout", newConnections: 1), .unreachable),
            (result(CURLE_OPERATION_TIMEDOUT, 0, "server response timeout", newConnections: 0), .temporary),
            (result(CURLE_OPERATION_TIMEDOUT, 354, "server response timeout"), .temporary),
            (result(CURLE_RECV_ERROR, 354, "response reading failed"), .temporary),
            (result(CURLE_RECV_ERROR, 0, "response reading failed", newConnections: 0), .temporary),
            (result(CURLE_GOT_NOTHING, 0, "", newConnections: 1), .unreachable),
        ]
        for (result, expected) in cases {
            #expect(SMTPReply(classifying: result).outcome == expected, "\(result)")
        }
    }

    @Test func onlyADeadReusedConnectionBeforeAnyReplyIsRetried() {
        #expect(result(CURLE_RECV_ERROR, 0, newConnections: 0).isDeadReusedConnection)
        #expect(result(CURLE_SEND_ERROR, 0, newConnections: 0).isDeadReusedConnection)
        #expect(!result(CURLE_RECV_ERROR, 0, newConnections: 1).isDeadReusedConnection)
        #expect(!result(CURLE_RECV_ERROR, 354, newConnections: 0).isDeadReusedConnection)
        #expect(!result(CURLE_SEND_ERROR, 550, "RCPT failed: 550", newConnections: 0).isDeadReusedConnection)
        #expect(!result(CURLE_OPERATION_TIMEDOUT, 0, newConnections: 0).isDeadReusedConnection)
    }

    @Test func anUnauthenticatedSessionIsAnAuthenticationFailure() {
        var unauthenticated = result(CURLE_ABORTED_BY_CALLBACK, 250)
        unauthenticated.refusedUnauthenticatedSession = true

        #expect(SMTPReply(classifying: unauthenticated).outcome == .authenticationFailed)
    }

    @Test func detailIsOneLineWithCodeStageAndServerText() {
        let rcpt = SMTPReply(
            classifying: result(CURLE_SEND_ERROR, 550, "RCPT failed: 550", serverText: "5.1.1 No such user")
        )
        let multiline = SMTPReply(classifying: result(CURLE_RECV_ERROR, 0, "broken\r\nline\n"))
        let fallback = SMTPReply(classifying: result(CURLE_COULDNT_CONNECT, 0, newConnections: 0))
        let auth = SMTPReply(classifying: result(CURLE_LOGIN_DENIED, 535, serverText: "echo AG1haWxlcgBzM2NyZXQ="))

        #expect(rcpt.detail == "550 RCPT failed: 5.1.1 No such user")
        #expect(multiline.detail == "broken  line")
        #expect(fallback.detail == String(cString: curl_easy_strerror(CURLE_COULDNT_CONNECT)))
        #expect(!auth.detail.contains("AG1haWxlcgBzM2NyZXQ="))
    }
}
