import CCurl

/// One libcurl easy handle for simple request-and-response transfers (HTTP, IMAP, POP3, `file://`).
///
/// Options are set with the typed ``set(_:_:)`` overloads; ``perform(maximumBytes:)`` runs one
/// transfer and collects the body in memory, aborting as soon as it would exceed the cap, which
/// also holds when the server sent no `Content-Length`. Reply or header lines come back in
/// ``Transfer/headerLines``. Certificate verification is on unless a caller turns it off.
///
/// Not `Sendable`: a handle belongs to the thread that made it. The SMTP mailer has its own
/// connection type; this one serves the readers' side (feeds, mailboxes).
package final class CurlHandle {
    /// What one transfer returned.
    package struct Transfer: Sendable {
        /// The body bytes received.
        package var body: [UInt8]
        /// The header lines (HTTP) or server reply lines (IMAP, POP3), CRLF removed.
        package var headerLines: [String]
        /// The HTTP status, or the last reply code of a mail protocol; 0 when there was none.
        package var responseCode: Int
    }

    /// Why ``perform(maximumBytes:)`` failed.
    package enum Failure: Error, Sendable {
        /// The body grew past the cap; the transfer was stopped.
        case tooLarge(limit: Int)
        /// libcurl reported an error.
        case curl(CurlError)
    }

    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var lists: [UnsafeMutablePointer<curl_slist>] = []

    /// A new handle with verification on, signals off and the error buffer set.
    package init() throws(CurlError) {
        guard CurlGlobal.initialization == CURLE_OK, let handle = curl_easy_init() else {
            throw CurlError(code: CURLE_FAILED_INIT, message: "libcurl could not be initialised")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        try check(
            ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)),
            "ERRORBUFFER"
        )
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
    }

    deinit {
        curl_easy_cleanup(handle)
        for list in lists { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    /// Sets an option that takes a long.
    package func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(ccurl_setopt_long(handle, option, value), "\(option.rawValue)")
    }

    /// Sets an option that takes a string; libcurl keeps its own copy.
    package func set(_ option: CURLoption, _ value: String) throws(CurlError) {
        try check(ccurl_setopt_string(handle, option, value), "\(option.rawValue)")
    }

    /// Sets an option that takes a list of strings; the list lives as long as this handle.
    package func set(_ option: CURLoption, _ values: [String]) throws(CurlError) {
        var list: UnsafeMutablePointer<curl_slist>?
        for value in values { list = curl_slist_append(list, value) }
        if let list { lists.append(list) }
        try check(ccurl_setopt_slist(handle, option, list), "\(option.rawValue)")
    }

    /// Puts an option that takes a string or a pointer back to libcurl's default (`NULL`).
    package func clear(_ option: CURLoption) throws(CurlError) {
        try check(ccurl_setopt_pointer(handle, option, nil), "\(option.rawValue)")
    }

    /// Runs one transfer with the options set so far, keeping at most `maximumBytes` of body.
    package func perform(maximumBytes: Int) -> Result<Transfer, Failure> {
        let sink = TransferSink(limit: maximumBytes)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        errorBuffer[0] = 0
        var status = ccurl_setopt_write_function(handle) { data, size, count, context in
            let (length, overflow) = size.multipliedReportingOverflow(by: count)
            guard let context, !overflow else { return 0 }
            let sink = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
            return sink.appendBody(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : length)) ? length : 0
        }
        if status == CURLE_OK { status = ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context) }
        if status == CURLE_OK {
            status = ccurl_setopt_header_function(handle) { data, size, count, context in
                let (length, overflow) = size.multipliedReportingOverflow(by: count)
                guard let context, !overflow else { return 0 }
                let sink = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
                sink.appendHeader(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : length))
                return length
            }
        }
        if status == CURLE_OK { status = ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, context) }
        if status == CURLE_OK { status = withExtendedLifetime(sink) { curl_easy_perform(handle) } }
        if sink.exceededLimit { return .failure(.tooLarge(limit: maximumBytes)) }
        guard status == CURLE_OK else { return .failure(.curl(error(status))) }
        var code = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return .success(Transfer(body: sink.body, headerLines: sink.headerLines, responseCode: code))
    }

    /// A string that libcurl reports about the last transfer (e.g. `CURLINFO_EFFECTIVE_URL`).
    package func info(_ item: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>?
        guard ccurl_getinfo_string(handle, item, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    /// A number that libcurl reports about the last transfer (e.g. `CURLINFO_REDIRECT_COUNT`).
    package func info(_ item: CURLINFO) -> Int {
        var value = 0
        _ = ccurl_getinfo_long(handle, item, &value)
        return value
    }

    private func check(_ status: CURLcode, _ option: String) throws(CurlError) {
        guard status == CURLE_OK else {
            throw CurlError(
                code: status,
                message: "libcurl refused option \(option): \(String(cString: curl_easy_strerror(status)))"
            )
        }
    }

    private func error(_ status: CURLcode) -> CurlError {
        let detail = String(cString: errorBuffer)
        return CurlError(code: status, message: detail.isEmpty ? String(cString: curl_easy_strerror(status)) : detail)
    }
}

@available(*, unavailable, message: "CurlHandle wraps a libcurl easy handle: give each thread its own")
extension CurlHandle: Sendable {}

/// Where one transfer's body and header lines accumulate; reached from libcurl's callbacks.
private final class TransferSink {
    let limit: Int
    var body: [UInt8] = []
    var headerLines: [String] = []
    var exceededLimit = false

    init(limit: Int) { self.limit = limit }

    /// Appends `bytes`; `false` (stop the transfer) once the body would pass the limit.
    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= limit else {
            exceededLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Keeps one header or reply line without its line end.
    func appendHeader(_ bytes: UnsafeRawBufferPointer) {
        var line = Array(bytes)
        while let last = line.last, last == 0x0A || last == 0x0D { line.removeLast() }
        headerLines.append(String(decoding: line, as: UTF8.self))
    }
}
