import CCurl
import Curl
import Foundation
import Ledger

/// One conditional GET of a feed over libcurl: certificate verification on, compressed responses,
/// at most 5 redirects (to http or https only), a timeout and a 5 MB cap enforced while reading.
struct FeedTransfer {
    /// The most body bytes kept; a larger feed is refused.
    static let maximumBytes = 5 << 20
    /// The most redirects followed.
    static let maximumRedirects = 5

    /// What the server answered.
    enum Response {
        /// A full body, with the validators to send next time.
        case body(Data, FeedValidators)
        /// 304: nothing changed since the validators sent.
        case notModified
    }

    /// The feed's address.
    var url: String
    /// Seconds allowed for the whole transfer.
    var timeoutSeconds: Int

    /// Fetches the feed, sending `validators` for a conditional GET; a failure is one line of text.
    func perform(validators: FeedValidators?) -> Result<Response, TransferFailure> {
        let handle: CurlHandle
        do {
            handle = try CurlHandle()
            try handle.set(CURLOPT_URL, url)
            try handle.set(CURLOPT_PROTOCOLS_STR, "http,https,file")
            try handle.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
            try handle.set(CURLOPT_FOLLOWLOCATION, 1)
            try handle.set(CURLOPT_MAXREDIRS, Self.maximumRedirects)
            try handle.set(CURLOPT_TIMEOUT, timeoutSeconds)
            try handle.set(CURLOPT_CONNECTTIMEOUT, min(timeoutSeconds, 15))
            try handle.set(CURLOPT_ACCEPT_ENCODING, "")
            try handle.set(CURLOPT_USERAGENT, "newsletter/1.0 (feed reader)")
            var headers = [
                "Accept: application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
                    + "application/xml;q=0.8, */*;q=0.5"
            ]
            if let etag = validators?.etag { headers.append("If-None-Match: \(etag)") }
            if let lastModified = validators?.lastModified { headers.append("If-Modified-Since: \(lastModified)") }
            try handle.set(CURLOPT_HTTPHEADER, headers)
        } catch {
            return .failure(TransferFailure(reason: "libcurl could not be set up: \(error.message)"))
        }
        switch handle.perform(maximumBytes: Self.maximumBytes) {
        case .failure(.tooLarge(let limit)):
            return .failure(TransferFailure(reason: "larger than \(limit >> 20) MB; refused"))
        case .failure(.curl(let error)):
            switch error.code {
            case CURLE_OPERATION_TIMEDOUT:
                return .failure(TransferFailure(reason: "timed out after \(timeoutSeconds) s"))
            case CURLE_TOO_MANY_REDIRECTS:
                return .failure(TransferFailure(reason: "more than \(Self.maximumRedirects) redirects"))
            case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE:
                return .failure(TransferFailure(reason: "TLS: \(error.message)"))
            default:
                return .failure(TransferFailure(reason: error.message))
            }
        case .success(let transfer):
            let headers = Self.finalHeaders(transfer.headerLines)
            switch transfer.responseCode {
            case 304:
                return .success(.notModified)
            case 0, 200...299:
                let validators = FeedValidators(etag: headers["etag"], lastModified: headers["last-modified"])
                return .success(.body(Data(transfer.body), validators))
            default:
                return .failure(TransferFailure(reason: "HTTP \(transfer.responseCode)"))
            }
        }
    }

    /// The header fields of the last response (after any redirects), by lowercased name.
    static func finalHeaders(_ lines: [String]) -> [String: String] {
        var fields: [String: String] = [:]
        for line in lines {
            if line.hasPrefix("HTTP/") {
                fields = [:]
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { fields[name] = value }
        }
        return fields
    }
}

/// Why a transfer failed: one line, for a failure that may pass on a later run.
struct TransferFailure: Error {
    /// What happened.
    var reason: String
}
