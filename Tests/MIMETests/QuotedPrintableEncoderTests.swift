import MIME
import TestSupport
import Testing

@Suite("Quoted-printable")
struct QuotedPrintableEncoderTests {
    /// `text` encoded in one call.
    private func encode(_ text: String) -> String {
        QuotedPrintable.encode(text)
    }

    /// `bytes` encoded in the given pieces, with one encoder.
    private func encode(_ bytes: [UInt8], cuttingAt cuts: [Int]) -> [UInt8] {
        var encoder = QuotedPrintableEncoder()
        var output: [UInt8] = []
        var start = 0
        for cut in cuts.sorted() + [bytes.count] where cut >= start {
            encoder.encode(bytes[start..<cut], into: &output)
            start = cut
        }
        encoder.finish(into: &output)
        return output
    }

    @Test("long lines are soft-broken at 76 characters or fewer")
    func longLinesAreSoftBroken() {
        let text = String(repeating: "abcdefghij", count: 50)
        let encoded = Array(encode(text).utf8)
        let lines = MessageLines.split(encoded)
        #expect(lines.count > 6)
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(lines.dropLast().allSatisfy { $0.last == UInt8(ascii: "=") })
        #expect(QuotedPrintableDecoder.problems(encoded) == [])
        #expect(QuotedPrintableDecoder.decodeText(encoded) == text)
    }

    @Test("space and tab before a line break or at the end are encoded")
    func trailingWhitespaceIsEncoded() {
        #expect(encode("a \r\nb\t\nc ") == "a=20\r\nb=09\r\nc=20")
        #expect(encode("two  \nend\t") == "two =20\r\nend=09")
        #expect(encode("mid line stays") == "mid line stays")
        #expect(encode(" ") == "=20")
    }

    @Test("= and bytes outside 33...126 are encoded in upper-case hex")
    func specialBytesAreEncoded() {
        #expect(encode("1+1=2") == "1+1=3D2")
        #expect(encode("a\u{0}b\u{7F}") == "a=00b=7F")
        #expect(encode("é") == "=C3=A9")
        #expect(encode("😀") == "=F0=9F=98=80")
    }

    @Test("=XX triples are never split by a soft break, whatever the column")
    func escapesAreNeverSplit() {
        for prefixLength in 0..<80 {
            let text = String(repeating: "x", count: prefixLength) + String(repeating: "é=", count: 40)
            let encoded = Array(encode(text).utf8)
            #expect(QuotedPrintableDecoder.problems(encoded) == [], "prefix \(prefixLength)")
            #expect(QuotedPrintableDecoder.decodeText(encoded) == text)
        }
    }

    @Test("LF and CRLF become CRLF; a bare CR is =0D")
    func lineBreaks() {
        #expect(encode("a\nb\r\nc") == "a\r\nb\r\nc")
        #expect(encode("a\rb") == "a=0Db")
        #expect(encode("a\r") == "a=0D")
        #expect(encode("\n\n") == "\r\n\r\n")
        #expect(encode("a\r\r\nb") == "a=0D\r\nb")
    }

    @Test("UTF-8 is encoded byte by byte and round-trips")
    func utf8RoundTrips() {
        let text = "Grüße aus Köln — 😀 👨‍👩‍👧‍👦 日本語 " + String(repeating: "€", count: 40)
        let encoded = Array(encode(text).utf8)
        #expect(QuotedPrintableDecoder.problems(encoded) == [])
        #expect(QuotedPrintableDecoder.decodeText(encoded) == text)
    }

    @Test("a line-initial . or From is encoded, also after a soft break")
    func lineInitialDotAndFrom() {
        #expect(encode(".hidden\nFrom me\nFromage\nsee. From") == "=2Ehidden\r\n=46rom me\r\nFromage\r\nsee. From")
        let afterSoftBreak = Array(encode(String(repeating: "a", count: 75) + ".b").utf8)
        #expect(String(decoding: afterSoftBreak, as: UTF8.self) == String(repeating: "a", count: 75) + "=\r\n=2Eb")
        let fromAfterSoftBreak = encode(String(repeating: "a", count: 75) + "From here")
        #expect(fromAfterSoftBreak.hasSuffix("=\r\n=46rom here"))
    }

    @Test("white space held back for lookahead works across encode calls")
    func whitespaceAcrossCalls() {
        var encoder = QuotedPrintableEncoder()
        var output: [UInt8] = []
        encoder.encode("a ", into: &output)
        encoder.encode("\nb\t", into: &output)
        encoder.encode("c ", into: &output)
        encoder.finish(into: &output)
        #expect(String(decoding: output, as: UTF8.self) == "a=20\r\nb\tc=20")
    }

    @Test("a CR at the end of one call and an LF at the start of the next make one line break")
    func carriageReturnAcrossCalls() {
        var encoder = QuotedPrintableEncoder()
        var output: [UInt8] = []
        encoder.encode("a\r", into: &output)
        encoder.encode("\nb\r", into: &output)
        encoder.encode("c", into: &output)
        encoder.finish(into: &output)
        #expect(String(decoding: output, as: UTF8.self) == "a\r\nb=0Dc")
    }

    @Test("breakLine adds a soft break only mid-line and keeps white space before it")
    func breakLine() {
        var encoder = QuotedPrintableEncoder()
        var output: [UInt8] = []
        encoder.breakLine(into: &output)
        #expect(output.isEmpty)
        encoder.encode("end \n", into: &output)
        encoder.breakLine(into: &output)
        #expect(String(decoding: output, as: UTF8.self) == "end=20\r\n")
        encoder.encode("Hello ", into: &output)
        encoder.breakLine(into: &output)
        encoder.encode("world", into: &output)
        encoder.breakLine(into: &output)
        #expect(String(decoding: output, as: UTF8.self) == "end=20\r\nHello =\r\nworld=\r\n")
        #expect(QuotedPrintableDecoder.decodeText(output) == "end \r\nHello world")
    }

    @Test("encoding in pieces decodes to the same bytes as encoding at once", arguments: [1, 2, 3])
    func streamingMatchesOneShot(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let bytes = Array(TextSamples.randomText(using: &generator).utf8)
            let cuts = (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                Int.random(in: 0...bytes.count, using: &generator)
            }
            let whole = encode(bytes, cuttingAt: [])
            let pieces = encode(bytes, cuttingAt: cuts)
            #expect(QuotedPrintableDecoder.problems(pieces) == [], "cuts \(cuts) in \(bytes)")
            #expect(QuotedPrintableDecoder.decode(pieces) == QuotedPrintableDecoder.decode(whole))
        }
    }

    @Test("random texts encode within the rules and round-trip", arguments: [11, 12, 13, 14])
    func randomTextsRoundTrip(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<400 {
            let bytes = Array(TextSamples.randomText(using: &generator).utf8)
            let encoded = encode(bytes, cuttingAt: [])
            #expect(QuotedPrintableDecoder.problems(encoded) == [], "input \(bytes)")
            #expect(QuotedPrintableDecoder.decode(encoded) == TextSamples.normalizingLineBreaks(bytes))
        }
    }
}
