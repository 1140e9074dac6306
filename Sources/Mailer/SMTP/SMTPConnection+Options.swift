import CCurl

extension SMTPConnection {
    /// Sets every option that stays the same for all messages.
    ///
    /// Verification of the peer certificate and host name is always on. With a
    /// CA file, libcurl uses that file INSTEAD of the system bundle.
    func configure(url: String, settings: SMTPSettings) throws(SMTPError) {
        try setOption(CURLOPT_URL, "URL", string: url)
        try setOption(CURLOPT_PROTOCOLS_STR, "PROTOCOLS_STR", string: "smtp,smtps")
        try setOption(CURLOPT_NOSIGNAL, "NOSIGNAL", long: 1)
        try setOption(CURLOPT_VERBOSE, "VERBOSE", long: 0)
        try setOption(CURLOPT_ERRORBUFFER, "ERRORBUFFER", pointer: UnsafeMutableRawPointer(errorBuffer))

        let useSSL = settings.tls == .none ? CURLUSESSL_NONE : CURLUSESSL_ALL
        try setOption(CURLOPT_USE_SSL, "USE_SSL", long: Int(useSSL.rawValue))
        try setOption(CURLOPT_SSL_VERIFYPEER, "SSL_VERIFYPEER", long: 1)
        try setOption(CURLOPT_SSL_VERIFYHOST, "SSL_VERIFYHOST", long: 2)
        if let caFile = settings.caFile {
            try setOption(CURLOPT_CAINFO, "CAINFO", string: caFile)
        }

        if let username = settings.username {
            try setOption(CURLOPT_USERNAME, "USERNAME", string: username)
            try setOption(CURLOPT_PASSWORD, "PASSWORD", string: settings.password ?? "")
            try setOption(CURLOPT_SASL_IR, "SASL_IR", long: 1)
        }

        let timeout = settings.timeoutSeconds
        try setOption(CURLOPT_CONNECTTIMEOUT, "CONNECTTIMEOUT", long: timeout)
        // Each wait for a server reply (greeting, EHLO … the final reply after DATA).
        try setOption(CURLOPT_SERVER_RESPONSE_TIMEOUT, "SERVER_RESPONSE_TIMEOUT", long: timeout)
        // A stalled upload: less than 1 byte/s for `timeout` seconds.
        try setOption(CURLOPT_LOW_SPEED_LIMIT, "LOW_SPEED_LIMIT", long: 1)
        try setOption(CURLOPT_LOW_SPEED_TIME, "LOW_SPEED_TIME", long: timeout)
        try setOption(CURLOPT_TCP_KEEPALIVE, "TCP_KEEPALIVE", long: 1)
        // Our writes go at once: a small one (an end of data, RSET, QUIT) never waits for the server's
        // delayed ACK of the one before. (The other side of the same stall: SMTPSession.acknowledgeAtOnce.)
        try setOption(CURLOPT_TCP_NODELAY, "TCP_NODELAY", long: 1)

        // libcurl sets the session up (greeting, EHLO, STARTTLS, AUTH) and hands it over: the
        // mail transaction is ours (SMTPConnection+Pipeline.swift).
        try setOption(CURLOPT_CONNECT_ONLY, "CONNECT_ONLY", long: 1)

        // For SMTP, libcurl passes each server reply line to the header callback.
        let headerStatus = ccurl_setopt_header_function(handle) { line, size, count, context in
            let (length, overflow) = size.multipliedReportingOverflow(by: count)
            guard let context, !overflow else { return 0 }
            let recorder = Unmanaged<ReplyRecorder>.fromOpaque(context).takeUnretainedValue()
            recorder.record(UnsafeRawBufferPointer(start: line, count: line == nil ? 0 : length))
            return length
        }
        try check(headerStatus, option: "HEADERFUNCTION")
        let recorder = Unmanaged.passUnretained(replies).toOpaque()
        try setOption(CURLOPT_HEADERDATA, "HEADERDATA", pointer: recorder)
        // Runs after greeting/EHLO/STARTTLS/AUTH, before MAIL FROM.
        let prereqStatus = ccurl_setopt_prereq_function(handle) { context, _, _, _, _ in
            guard let context else { return CURL_PREREQFUNC_OK }
            let recorder = Unmanaged<ReplyRecorder>.fromOpaque(context).takeUnretainedValue()
            return recorder.mayStartTransaction() ? CURL_PREREQFUNC_OK : CURL_PREREQFUNC_ABORT
        }
        try check(prereqStatus, option: "PREREQFUNCTION")
        try setOption(CURLOPT_PREREQDATA, "PREREQDATA", pointer: recorder)
    }

    /// Sets an option that takes a long.
    func setOption(_ option: CURLoption, _ name: String, long value: Int) throws(SMTPError) {
        try check(ccurl_setopt_long(handle, option, value), option: name)
    }

    /// Sets an option that takes a string; libcurl keeps its own copy.
    func setOption(_ option: CURLoption, _ name: String, string value: String) throws(SMTPError) {
        try check(ccurl_setopt_string(handle, option, value), option: name)
    }

    /// Sets an option that takes a pointer.
    func setOption(_ option: CURLoption, _ name: String, pointer value: UnsafeMutableRawPointer?) throws(SMTPError) {
        try check(ccurl_setopt_pointer(handle, option, value), option: name)
    }

    /// Turns a failed `curl_easy_setopt` into an ``SMTPError`` naming the option (never its value).
    func check(_ status: CURLcode, option name: String) throws(SMTPError) {
        guard status == CURLE_OK else {
            let reason = String(cString: curl_easy_strerror(status))
            throw SMTPError(message: "libcurl refused option CURLOPT_\(name): \(reason)")
        }
    }
}
