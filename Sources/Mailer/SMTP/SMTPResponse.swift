/// One reply of the server, read by ``SMTPSession``: its code and the text of every line.
struct SMTPResponse: Equatable {
    /// The three-digit reply code.
    var code: Int
    /// The text of each line after the code and its separator.
    var lines: [String]

    /// 2xx (or 3xx, the 354 that invites the content).
    var isPositive: Bool { (200..<400).contains(code) }

    /// The text of the last line, which is where servers put what a log needs.
    var text: String { lines.last ?? "" }

    /// The enhanced status code (RFC 3463) the text starts with, such as `5.1.1`, or nil.
    var enhancedStatus: String? {
        guard let first = lines.first?.split(separator: " ", maxSplits: 1).first else { return nil }
        let parts = first.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, ["2", "4", "5"].contains(parts[0]),
            parts.dropFirst().allSatisfy({
                (1...3).contains($0.count) && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber)
            })
        else { return nil }
        return String(first)
    }
}
