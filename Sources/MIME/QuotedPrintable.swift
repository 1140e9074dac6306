/// One-shot quoted-printable helpers built on ``QuotedPrintableEncoder``.
package enum QuotedPrintable {
    /// Encodes the UTF-8 bytes of `text` as quoted-printable.
    ///
    /// Line breaks (LF or CRLF) become CRLF; the result has no trailing line
    /// break unless `text` ends with one. See ``QuotedPrintableEncoder`` for the rules.
    package static func encode(_ text: String) -> String {
        var encoder = QuotedPrintableEncoder()
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 4 + 8)
        encoder.encode(text.utf8, into: &output)
        encoder.finish(into: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
