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
}
