import CCurl
import Curl
import Foundation
import NewsletterCore
import Settings

/// One libcurl handle logged in to the report inbox; each transfer reuses its connection.
final class ReportInboxSession {
    let inbox: Configuration.Bounces.ReportInbox
    /// `scheme://host[:port]`, without a path.
    let base: String
    /// The IMAP mailbox of the URL (`INBOX` when none), percent-encoded as in the URL.
    let folder: String
    private var handle: CurlHandle?

    init(inbox: Configuration.Bounces.ReportInbox, password: String) throws(NewsletterError) {
        self.inbox = inbox
        let url = inbox.url
        guard let schemeEnd = url.range(of: "://") else {
            throw Self.error(.badConfiguration, "\(url) is not a mailbox URL")
        }
        let afterScheme = url[schemeEnd.upperBound...]
        let hostEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        base = String(url[..<hostEnd])
        let path = afterScheme[hostEnd...].drop { $0 == "/" }
        folder = path.isEmpty ? "INBOX" : String(path)
        do {
            let handle = try CurlHandle()
            try handle.set(CURLOPT_USERNAME, inbox.username)
            try handle.set(CURLOPT_PASSWORD, password)
            if let caFile = inbox.caFile { try handle.set(CURLOPT_CAINFO, caFile.path) }
            try handle.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
            try handle.set(CURLOPT_CONNECTTIMEOUT, inbox.timeoutSeconds)
            try handle.set(CURLOPT_LOW_SPEED_LIMIT, 1)
            try handle.set(CURLOPT_LOW_SPEED_TIME, inbox.timeoutSeconds)
            self.handle = handle
        } catch {
            throw Self.error(.temporaryFailure, "libcurl: \(error.message)")
        }
    }

    /// Runs one transfer on `url`, with `command` as the custom request when given.
    func perform(
        _ url: String,
        command: String? = nil,
        noBody: Bool = false,
        maximumBytes: Int = 1 << 20
    )
        throws(NewsletterError) -> Result<CurlHandle.Transfer, CurlHandle.Failure>
    {
        guard let handle else { throw Self.error(.temporaryFailure, "the mailbox session is closed") }
        do {
            try handle.set(CURLOPT_URL, url)
            if let command {
                try handle.set(CURLOPT_CUSTOMREQUEST, command)
            } else {
                try handle.clear(CURLOPT_CUSTOMREQUEST)
            }
            try handle.set(CURLOPT_NOBODY, noBody ? 1 : 0)
        } catch {
            throw Self.error(.temporaryFailure, "libcurl: \(error.message)")
        }
        return handle.perform(maximumBytes: maximumBytes)
    }

    /// Like ``perform(_:command:noBody:maximumBytes:)``, but every failure is an error.
    func require(
        _ url: String,
        command: String? = nil,
        noBody: Bool = false,
        what: String
    ) throws(NewsletterError) -> CurlHandle.Transfer {
        switch try perform(url, command: command, noBody: noBody) {
        case .success(let transfer): return transfer
        case .failure(.tooLarge(let limit)):
            throw Self.error(.temporaryFailure, "\(what): the server's answer passed \(limit) bytes")
        case .failure(.curl(let error)): throw failure(error, what: what)
        }
    }

    /// The error for a libcurl failure while doing `what`, with the exit status it calls for: 77 for a
    /// refused login, 69 for a server that cannot be reached or verified, 75 for anything else.
    func failure(_ error: CurlError, what: String) -> NewsletterError {
        let server = base.split(separator: "/").last.map(String.init) ?? base
        switch error.code {
        case CURLE_LOGIN_DENIED:
            return Self.error(
                .authenticationFailed,
                "\(server) refused the login of \(inbox.username); check bounces.mailbox.username and the "
                    + "password in its passwordEnv variable"
            )
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_OPERATION_TIMEDOUT, CURLE_GOT_NOTHING,
            CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_SSL_CONNECT_ERROR, CURLE_USE_SSL_FAILED:
            return Self.error(
                .unavailable,
                "cannot reach the mailbox \(server): \(error.message); check bounces.mailbox.url and that the "
                    + "server is up"
            )
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE:
            return Self.error(
                .unavailable,
                "the certificate of \(server) could not be verified (\(error.message)); set "
                    + "bounces.mailbox.caFile for a private CA"
            )
        default:
            return Self.error(.temporaryFailure, "\(server): \(what) failed: \(error.message)")
        }
    }

    /// Ends the session: libcurl says LOGOUT or QUIT as the handle goes.
    func close() { handle = nil }

    /// An error about the mailbox: every one names `bounces.mailbox`.
    static func error(_ code: NewsletterError.Code, _ message: String) -> NewsletterError {
        NewsletterError(code, message, context: "bounces.mailbox")
    }
}
