/// Small RFC 5322 messages with CRLF line ends, as the composer would hand them over.
enum TestMessage {
    /// Body lines that SMTP must carry through dot-stuffing unchanged.
    static let trickyLines = [
        ".a line that starts with a dot",
        ".",
        "..two dots",
        "the end",
    ]

    /// A message to `recipient` whose body holds `bodyLines` (default: ``trickyLines``).
    static func make(
        from sender: String = "bulletin@example.org",
        to recipient: String,
        subject: String = "Weekly bulletin",
        bodyLines: [String] = trickyLines
    ) -> [UInt8] {
        let header = [
            "From: Bulletin <\(sender)>",
            "To: <\(recipient)>",
            "Subject: \(subject)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "",
        ]
        return Array((header + bodyLines).map { $0 + "\r\n" }.joined().utf8)
    }

    /// A message of about `size` bytes: lines of 76 characters.
    static func make(to recipient: String, size: Int) -> [UInt8] {
        let line = String(repeating: "x", count: 76)
        return make(to: recipient, bodyLines: Array(repeating: line, count: max(1, size / 78)))
    }
}
