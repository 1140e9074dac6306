import CCurl

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One SMTP session set up by libcurl and then spoken by us.
///
/// `curl_easy_perform` with `CURLOPT_CONNECT_ONLY` on an `smtp://`/`smtps://` URL connects, reads
/// the greeting, sends EHLO, STARTTLS (never falling back to clear text) and AUTH, and stops before
/// MAIL FROM; from then on `curl_easy_send`/`curl_easy_recv` carry our commands through the same
/// connection and TLS layer. The EHLO reply, captured by the header callback, says which
/// extensions the mail transaction may use. Not `Sendable`: one thread owns a session.
final class SMTPSession {
    /// Why the session cannot go on.
    enum Failure: Error, Equatable {
        /// The server closed the connection, or sending or receiving failed.
        case connectionLost(String)
        /// No reply within the timeout.
        case timedOut
        /// The server sent something that is not an SMTP reply.
        case malformedReply

        /// A short phrase for a reply's detail.
        var explanation: String {
            switch self {
            case .connectionLost(let reason): "connection lost (\(reason))"
            case .timedOut: "timed out"
            case .malformedReply: "the server's reply was not SMTP"
            }
        }
    }

    /// The result of ``open(template:replies:errorBuffer:timeoutSeconds:)``.
    enum Opening {
        /// A session ready for MAIL FROM.
        case opened(SMTPSession)
        /// No session: why, classified.
        case refused(SMTPReply)
    }

    /// The easy handle that owns the connection.
    private let handle: UnsafeMutableRawPointer
    /// The connection's socket, for `poll`.
    private let socket: curl_socket_t
    /// The longest wait for the server, in milliseconds.
    private let timeoutMilliseconds: Int32
    /// What the server offers.
    let extensions: SMTPExtensions
    /// Bytes received and not yet parsed: `input[inputStart...]`.
    private var input: [UInt8] = []
    private var inputStart = 0
    /// What one `curl_easy_recv` writes into.
    private var chunk = [UInt8](repeating: 0, count: 4096)
    /// Set once the connection must not be used again.
    private(set) var isBroken = false

    /// Sets a session up on a duplicate of `template`; on failure, the classified reply.
    static func open(
        template: UnsafeMutableRawPointer,
        replies: ReplyRecorder,
        errorBuffer: UnsafeMutablePointer<CChar>,
        timeoutSeconds: Int
    ) -> Opening {
        guard let handle = curl_easy_duphandle(template) else {
            return .refused(SMTPReply(outcome: .temporary, code: 0, detail: "libcurl could not copy its handle"))
        }
        replies.reset()
        errorBuffer[0] = 0
        let code = curl_easy_perform(handle)
        let result = SMTPTransferResult(
            curlCode: code,
            responseCode: longInfo(handle, CURLINFO_RESPONSE_CODE),
            errorText: String(cString: errorBuffer),
            newConnections: max(1, longInfo(handle, CURLINFO_NUM_CONNECTS)),
            serverText: replies.lastReplyText(code: longInfo(handle, CURLINFO_RESPONSE_CODE)),
            refusedUnauthenticatedSession: replies.refusedUnauthenticatedSession
        )
        var socket: curl_socket_t = -1
        guard code == CURLE_OK, ccurl_getinfo_socket(handle, &socket) == CURLE_OK, socket >= 0 else {
            curl_easy_cleanup(handle)
            return .refused(SMTPReply(classifying: result))
        }
        // Checked here too, not only in the prereq callback: no transaction on an unauthenticated session.
        guard replies.mayStartTransaction() else {
            var refused = result
            refused.refusedUnauthenticatedSession = true
            Self.abandon(handle, socket: socket)
            return .refused(SMTPReply(classifying: refused))
        }
        let extensions = SMTPExtensions(ehloLines: replies.ehloLines)
        return .opened(
            SMTPSession(handle: handle, socket: socket, extensions: extensions, timeoutSeconds: timeoutSeconds)
        )
    }

    private init(
        handle: UnsafeMutableRawPointer,
        socket: curl_socket_t,
        extensions: SMTPExtensions,
        timeoutSeconds: Int
    ) {
        self.handle = handle
        self.socket = socket
        self.extensions = extensions
        timeoutMilliseconds = Int32(clamping: timeoutSeconds * 1000)
        input.reserveCapacity(4096)
    }

    deinit {
        quit()
        Self.abandon(handle, socket: socket)
    }

    /// Ends a healthy session as RFC 5321 asks: QUIT, and its 221 read, before the connection closes.
    /// A broken session (a message left without its end of data, a failed read or write) is closed
    /// without a word. libcurl would not say QUIT itself: the session was set up `CONNECT_ONLY`.
    private func quit() {
        guard !isBroken else { return }
        do {
            try write(Array("QUIT\r\n".utf8))
            _ = try readResponse()
        } catch {
            // The server went first; nothing is lost.
        }
    }

    /// Marks the session unusable; it is closed without QUIT.
    func markBroken() { isBroken = true }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(Failure) {
        var failure: Failure?
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                var sent = 0
                let code = ccurl_easy_send(handle, base + offset, buffer.count - offset, &sent)
                if code == CURLE_OK {
                    offset += sent
                } else if code == CURLE_AGAIN {
                    guard wait(for: Int16(POLLOUT)) else {
                        failure = .timedOut
                        return
                    }
                } else {
                    failure = .connectionLost(String(cString: curl_easy_strerror(code)))
                    return
                }
            }
        }
        if let failure {
            isBroken = true
            throw failure
        }
    }

    /// Reads one whole reply (every line of a multi-line one).
    func readResponse() throws(Failure) -> SMTPResponse {
        var lines: [String] = []
        var code = 0
        while true {
            let line = try readLine()
            guard line.count >= 3, line[0...2].allSatisfy({ (0x30...0x39).contains($0) }),
                line.count == 3 || line[3] == UInt8(ascii: " ") || line[3] == UInt8(ascii: "-")
            else {
                isBroken = true
                throw .malformedReply
            }
            let lineCode = Int(line[0] - 0x30) * 100 + Int(line[1] - 0x30) * 10 + Int(line[2] - 0x30)
            if lines.isEmpty { code = lineCode }
            lines.append(line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : "")
            if line.count == 3 || line[3] == UInt8(ascii: " ") { break }
            guard lines.count < 200 else {
                isBroken = true
                throw .malformedReply
            }
        }
        if code == 421 { isBroken = true }
        return SMTPResponse(code: code, lines: lines)
    }

    /// One line without its CRLF (or LF).
    private func readLine() throws(Failure) -> [UInt8] {
        var scanned = inputStart
        while true {
            if let newline = input[scanned...].firstIndex(of: 0x0A) {
                var end = newline
                if end > inputStart, input[end - 1] == 0x0D { end -= 1 }
                let line = Array(input[inputStart..<end])
                inputStart = newline + 1
                return line
            }
            guard input.count - inputStart < 8192 else {
                isBroken = true
                throw .malformedReply
            }
            // No line end in what is buffered: keep it, receive more, and scan only the new bytes.
            let pending = input.count - inputStart
            try receive()
            scanned = inputStart + pending
        }
    }

    /// Receives what the server has sent (waiting for it), compacting the buffer first.
    private func receive() throws(Failure) {
        if inputStart > 0 {
            input.removeSubrange(0..<inputStart)
            inputStart = 0
        }
        while true {
            var received = 0
            let code = chunk.withUnsafeMutableBytes { buffer in
                ccurl_easy_recv(handle, buffer.baseAddress, buffer.count, &received)
            }
            if code == CURLE_OK {
                guard received > 0 else {
                    isBroken = true
                    throw .connectionLost("closed by the server")
                }
                input.append(contentsOf: chunk[..<received])
                return
            }
            guard code == CURLE_AGAIN else {
                isBroken = true
                throw .connectionLost(String(cString: curl_easy_strerror(code)))
            }
            acknowledgeAtOnce()
            guard wait(for: Int16(POLLIN)) else {
                isBroken = true
                throw .timedOut
            }
        }
    }

    /// Asks the kernel to acknowledge what arrives next at once, not after its delayed-ACK timer
    /// (40 ms on Linux).
    ///
    /// A server that answers in two segments with Nagle on (Postfix: MAIL and RCPT's replies, then
    /// BDAT's) holds the second until the first is acknowledged; with nothing of ours to send, the
    /// ACK would wait for the timer, and so would the reply. The option does not stick (the kernel
    /// goes back to delaying ACKs on an interactive connection), so it is set before each wait.
    private func acknowledgeAtOnce() {
        #if os(Linux)
        var on: Int32 = 1
        _ = setsockopt(socket, Int32(IPPROTO_TCP), Int32(TCP_QUICKACK), &on, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }

    /// Waits until the socket is ready for `events`; false after the timeout.
    private func wait(for events: Int16) -> Bool {
        var request = pollfd(fd: socket, events: events, revents: 0)
        while true {
            let ready = poll(&request, 1, timeoutMilliseconds)
            if ready < 0 && errno == EINTR { continue }
            // Readable, writable, or an error/hang-up that the next call reports.
            return ready > 0
        }
    }

    /// Closes the connection: the socket is shut down first, so nothing more (libcurl's own QUIT
    /// included) can go out on it, and a half-sent message can never be completed.
    private static func abandon(_ handle: UnsafeMutableRawPointer, socket: curl_socket_t) {
        _ = shutdown(socket, Int32(SHUT_RDWR))
        curl_easy_cleanup(handle)
    }

    /// Reads a `long` item from `curl_easy_getinfo`; 0 when libcurl has none.
    private static func longInfo(_ handle: UnsafeMutableRawPointer, _ info: CURLINFO) -> Int {
        var value = 0
        return ccurl_getinfo_long(handle, info, &value) == CURLE_OK ? value : 0
    }
}
