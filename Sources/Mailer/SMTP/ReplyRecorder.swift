/// Watches the server's reply lines during one transfer.
///
/// For SMTP, libcurl hands every reply line to `CURLOPT_HEADERFUNCTION`. This
/// keeps the last line and the last 4xx/5xx line (libcurl sends QUIT after a
/// failure, so the failure is not always the last line) for a reply's detail,
/// and notes whether a new session authenticated (a 235 reply), so that
/// ``mayStartTransaction()``, called from `CURLOPT_PREREQFUNCTION` just before
/// MAIL FROM, can stop a message from going out unauthenticated: libcurl 7.88
/// silently skips AUTH when the server does not offer it. Recording copies into
/// fixed buffers: no allocation per line.
final class ReplyRecorder {
    /// At most this many bytes of a line are kept.
    private static let capacity = 256
    /// The last reply line (without its line end).
    private let lastLine = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: ReplyRecorder.capacity)
    /// How many bytes of ``lastLine`` are in use.
    private var lastLineLength = 0
    /// The last reply line that starts with 4 or 5.
    private let lastFailureLine = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: ReplyRecorder.capacity)
    /// How many bytes of ``lastFailureLine`` are in use.
    private var lastFailureLineLength = 0
    /// Reply lines seen in this transfer; none means a reused connection.
    private var lineCount = 0
    /// Whether this transfer's new session saw a 235 (authentication succeeded).
    private var authenticated = false
    /// Whether every session must authenticate (a username is set).
    let requiresAuthentication: Bool
    /// Set when ``mayStartTransaction()`` stopped an unauthenticated session.
    private(set) var refusedUnauthenticatedSession = false
    /// The lines (without codes) of the last complete 250 reply: after EHLO, the server's extensions.
    private(set) var ehloLines: [String] = []
    /// The lines of the reply being read, while it is a 250 reply.
    private var currentReply: [String] = []
    /// Whether the next line starts a new reply.
    private var atReplyStart = true
    /// Whether the reply being read is a 250 reply.
    private var currentIs250 = false

    /// Creates a recorder; with `requiresAuthentication`, unauthenticated sessions are stopped.
    init(requiresAuthentication: Bool) {
        self.requiresAuthentication = requiresAuthentication
        lastLine.initialize(repeating: 0)
        lastFailureLine.initialize(repeating: 0)
    }

    deinit {
        lastLine.deallocate()
        lastFailureLine.deallocate()
    }

    /// Forgets the previous transfer.
    func reset() {
        lastLineLength = 0
        lastFailureLineLength = 0
        lineCount = 0
        authenticated = false
        refusedUnauthenticatedSession = false
        ehloLines = []
        currentReply = []
        atReplyStart = true
    }

    /// Records one reply line as libcurl passed it (with its CRLF).
    func record(_ line: UnsafeRawBufferPointer) {
        var length = line.count
        while length > 0, line[length - 1] == 0x0A || line[length - 1] == 0x0D {
            length -= 1
        }
        let kept = UnsafeRawBufferPointer(rebasing: line[..<min(length, Self.capacity)])
        lineCount += 1
        lastLineLength = Self.copy(kept, into: lastLine)
        recordForExtensions(UnsafeRawBufferPointer(rebasing: line[..<length]))
        guard let first = kept.first else { return }
        if first == UInt8(ascii: "4") || first == UInt8(ascii: "5") {
            lastFailureLineLength = Self.copy(kept, into: lastFailureLine)
        }
        if kept.count >= 3, kept[0] == UInt8(ascii: "2"), kept[1] == UInt8(ascii: "3"), kept[2] == UInt8(ascii: "5"),
            kept.count == 3 || kept[3] == UInt8(ascii: " ")
        {
            authenticated = true
        }
    }

    /// False when a username is set but the new session did not authenticate;
    /// libcurl then aborts before MAIL FROM.
    func mayStartTransaction() -> Bool {
        guard requiresAuthentication, lineCount > 0, !authenticated else { return true }
        refusedUnauthenticatedSession = true
        return false
    }

    /// The server's text in the last reply line that carries `code`, without the
    /// code; empty when there is none.
    func lastReplyText(code: Int) -> String {
        let prefix = String(code)
        for (buffer, length) in [(lastFailureLine, lastFailureLineLength), (lastLine, lastLineLength)] {
            let line = String(decoding: UnsafeBufferPointer(rebasing: buffer[..<length]), as: UTF8.self)
            if code > 0, line.hasPrefix(prefix) {
                return String(line.dropFirst(prefix.count).drop { $0 == " " || $0 == "-" })
            }
        }
        return ""
    }

    /// Keeps the lines of 250 replies, so that the last EHLO reply is known once the session is set up.
    private func recordForExtensions(_ line: UnsafeRawBufferPointer) {
        let isLast = line.count < 4 || line[3] != UInt8(ascii: "-")
        if atReplyStart {
            currentIs250 =
                line.count >= 3 && line[0] == UInt8(ascii: "2") && line[1] == UInt8(ascii: "5")
                && line[2] == UInt8(ascii: "0")
            currentReply = []
        }
        if currentIs250 {
            currentReply.append(line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : "")
        }
        atReplyStart = isLast
        if isLast, currentIs250 {
            ehloLines = currentReply
        }
    }

    /// Copies `source` (at most ``capacity`` bytes) to the start of `buffer`; returns the count.
    private static func copy(_ source: UnsafeRawBufferPointer, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
        return source.count
    }
}
