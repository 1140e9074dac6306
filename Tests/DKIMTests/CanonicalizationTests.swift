import DKIM
import Testing

/// Relaxed canonicalization against the example of RFC 6376 §3.4.5 and the rules of §3.4.2 and §3.4.4.
@Suite struct CanonicalizationTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func rfc6376ExampleHeaders() {
        let header = bytes("A: X\r\nB : Y\t\r\n\tZ  \r\n")
        #expect(DKIMCanonicalization.relaxedHeaders(header) == bytes("a:X\r\nb:Y Z\r\n"))
    }

    @Test func rfc6376ExampleBody() {
        let body = bytes(" C \r\nD \t E\r\n\r\n\r\n")
        #expect(DKIMCanonicalization.relaxedBody(body) == bytes(" C\r\nD E\r\n"))
    }

    @Test(arguments: [
        ("", ""),  // empty body: nothing (RFC 6376 errata 1384)
        ("\r\n\r\n", ""),
        ("  \r\n\t\r\n", ""),
        ("abc", "abc\r\n"),  // a missing final CRLF is added
        ("abc  ", "abc\r\n"),
        ("a\r\n\r\nb\r\n", "a\r\n\r\nb\r\n"),  // empty lines inside stay
        ("a\r\n  \r\nb\r\n", "a\r\n\r\nb\r\n"),  // a blank line inside becomes empty
        ("a  b\t\tc \r\n", "a b c\r\n"),
        ("unchanged line\r\nand another\r\n", "unchanged line\r\nand another\r\n"),
        ("x\r\ny\r\n \r\n\r\n", "x\r\ny\r\n"),
    ])
    func relaxedBodyRules(input: String, expected: String) {
        #expect(DKIMCanonicalization.relaxedBody(bytes(input)) == bytes(expected))
    }

    @Test func relaxedHeaderUnfoldsAndLowercasesTheNameOnly() {
        var output: [UInt8] = []
        DKIMCanonicalization.appendRelaxedHeader(bytes("SUBJECT :  Mixed  Case\r\n  Value  ")[...], to: &output)
        #expect(output == bytes("subject:Mixed Case Value\r\n"))
    }

    /// A plain, line-by-line reading of RFC 6376 §3.4.4, to compare the fast scanner with.
    private func reference(_ body: String) -> String {
        var lines = body.components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        lines = lines.map { line in
            var collapsed = ""
            var blank = false
            for character in line {
                if character == " " || character == "\t" {
                    blank = true
                    continue
                }
                if blank { collapsed += " " }
                blank = false
                collapsed.append(character)
            }
            return collapsed
        }
        while lines.last == "" { lines.removeLast() }
        return lines.map { $0 + "\r\n" }.joined()
    }

    /// Blanks at every offset across the scanner's 16-byte steps are found.
    @Test(arguments: 0..<40)
    func blanksAtEveryOffset(offset: Int) {
        let plain = String(repeating: "abcdefgh", count: 8)
        let prefix = String(plain.prefix(offset))
        for inner in ["  ", "\t", " \t", " "] {
            for body in [
                prefix + inner + "x" + plain + "\r\n", prefix + inner + "\r\n" + plain + "\r\n",
                plain + "\r\n" + prefix + inner + plain + inner + "\r\n\r\n",
            ] {
                let ours = String(decoding: DKIMCanonicalization.relaxedBody(bytes(body)), as: UTF8.self)
                #expect(ours == reference(body), "\(body.debugDescription)")
            }
        }
    }
}
