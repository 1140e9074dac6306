/// Builds a header field folded within ``DKIMSigner/lineLimit`` columns, folding with CRLF and one space.
struct HeaderFolder {
    /// The field so far.
    private(set) var bytes: [UInt8]
    /// Characters on the current line.
    private var column: Int

    /// A field that starts `Name:`.
    init(name: String) {
        bytes = Array(name.utf8)
        column = bytes.count
    }

    /// Appends `word` after `separator`, or on a new line when it would pass the limit.
    mutating func append(_ word: String, separator: String = " ") {
        if column + separator.utf8.count + word.utf8.count <= DKIMSigner.lineLimit {
            bytes += separator.utf8
            column += separator.utf8.count
        } else {
            fold()
        }
        bytes += word.utf8
        column += word.utf8.count
    }

    /// Appends `text` (base64: folding whitespace may go anywhere in it), filling each line.
    mutating func appendBreakable(_ text: String) {
        var rest = Substring(text)
        while !rest.isEmpty {
            if column >= DKIMSigner.lineLimit { fold() }
            let room = DKIMSigner.lineLimit - column
            let piece = rest.prefix(room)
            bytes += piece.utf8
            column += piece.utf8.count
            rest = rest.dropFirst(piece.count)
        }
    }

    private mutating func fold() {
        bytes += [0x0D, 0x0A, 0x20]
        column = 1
    }
}
