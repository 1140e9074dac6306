import MIME
import TestSupport
import Testing

@Suite("Header fields")
struct HeaderFieldTests {
    /// The encoded field with folds removed: what a reader unfolds it to.
    private func unfolded(_ encoded: String) -> String {
        // Bytes, not Characters: Swift counts CRLF as one Character.
        String(decoding: Array(encoded.utf8).dropLast(2), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "")
    }

    @Test("a short field is one line")
    func shortField() throws {
        #expect(try HeaderField("Subject", "Hello").encoded == "Subject: Hello\r\n")
        #expect(try HeaderField("X-Empty", "").encoded == "X-Empty: \r\n")
    }

    @Test("long values fold at white space within 78 characters and unfold to the value")
    func longValuesFold() throws {
        let value = (1...60).map { "word\($0)" }.joined(separator: " ")
        let encoded = try HeaderField("X-Words", value).encoded
        let lines = MessageLines.split(Array(encoded.utf8))
        #expect(lines.count > 3)
        #expect(lines.allSatisfy { $0.count <= 78 })
        #expect(lines.dropFirst().allSatisfy { $0.first == UInt8(ascii: " ") })
        #expect(MessageLines.problems(Array(encoded.utf8)) == [])
        #expect(unfolded(encoded) == "X-Words: " + value)
    }

    @Test("a word longer than a line stays whole on its own line")
    func longWordStaysWhole() throws {
        let url = "<https://example.org/unsubscribe?email=" + String(repeating: "x", count: 90) + ">"
        let value = "<mailto:unsubscribe@example.org>, " + url + ", and more words after it"
        let encoded = try HeaderField("List-Unsubscribe", value).encoded
        let lines = MessageLines.split(Array(encoded.utf8)).map { String(decoding: $0, as: UTF8.self) }
        #expect(lines.contains(" " + url + ","))
        #expect(lines.filter { $0.count > 78 } == [" " + url + ","])
        #expect(unfolded(encoded) == "List-Unsubscribe: " + value)
    }

    @Test("no line ends in or consists of white space, whatever the spacing")
    func whitespaceRuns() throws {
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<500 {
            var value = ""
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                value += String(repeating: "w", count: Int.random(in: 1...30, using: &generator))
                value += [" ", "  ", "\t", " \t "].randomElement(using: &generator) ?? " "
            }
            if Bool.random(using: &generator) { value = "  " + value }
            let encoded = try HeaderField("X-Random", value).encoded
            let lines = MessageLines.split(Array(encoded.utf8))
            #expect(unfolded(encoded) == "X-Random: " + value)
            for line in lines.dropFirst() {
                #expect(line.contains { $0 != 0x20 && $0 != 0x09 }, "white-space-only line in \(encoded)")
                let words = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
                #expect(line.count <= 78 || words.count == 1, "long line in \(encoded)")
            }
        }
    }

    @Test("CR, LF and NUL are refused with the header named")
    func lineBreaksAreRefused() throws {
        for value in ["a\r\nBcc: evil@example.org", "a\nb", "a\rb", "a\u{0}b", "a\u{1B}[31mb"] {
            let error = #expect(throws: MIMEError.self) { try HeaderField("X-Campaign", value) }
            let message = error?.message ?? ""
            #expect(message.contains("X-Campaign"), "\(message)")
            #expect(!message.contains("\n") && !message.contains("\r") && !message.contains("\u{0}"))
        }
        #expect(throws: MIMEError.self) { try HeaderField.unstructured("Subject", "Hi\r\nBcc: x@y.org") }
        #expect(throws: MIMEError.self) { try HeaderField("Bad Name", "x") }
        #expect(throws: MIMEError.self) { try HeaderField("Bad:Name", "x") }
        #expect(throws: MIMEError.self) { try HeaderField("Bad\r\nName", "x") }
        #expect(throws: MIMEError.self) { try HeaderField("", "x") }
        #expect(try HeaderField("X-Tab", "a\tb").encoded == "X-Tab: a\tb\r\n")
    }

    @Test("a word that cannot fit 998 characters is refused")
    func overlongWordsAreRefused() throws {
        #expect(throws: MIMEError.self) { try HeaderField("X-Long", String(repeating: "x", count: 1000)) }
        #expect(throws: MIMEError.self) { try HeaderField("X-Long", "a " + String(repeating: "x", count: 998)) }
        _ = try HeaderField("X-Long", "a " + String(repeating: "x", count: 997))
        _ = try HeaderField("X-Long", String(repeating: "x", count: 990))
    }

    @Test("unstructured encodes non-ASCII so the first word fits beside the name")
    func unstructuredSubject() throws {
        let subject = "Safeguarding Weekly · Issue 12 · 22 November 2026 — Grüße aus Köln und überall"
        let field = try HeaderField.unstructured("Subject", subject)
        let lines = MessageLines.split(Array(field.encoded.utf8))
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count <= 78 })
        #expect(String(decoding: lines[0], as: UTF8.self).hasPrefix("Subject: =?UTF-8?"))
        #expect(try HeaderField.unstructured("Subject", "Plain ASCII").value == "Plain ASCII")
        // A long field name leaves little room for the first word; clusters still decode whole.
        let emojiSubject = "👨‍👩‍👧‍👦🇬🇧 e\u{301}" + String(repeating: "👩🏽‍💻", count: 9)
        let emojiField = try HeaderField.unstructured("X-Newsletter-Topic-Announcement-Header", emojiSubject)
        #expect(MessageLines.split(Array(emojiField.encoded.utf8)).allSatisfy { $0.count <= 78 })
        let decoded = try PythonEmail.decode(headerFields: [field.encoded, emojiField.encoded])
        #expect(decoded.map(\.value) == [subject, emojiSubject])
        #expect(decoded.allSatisfy { $0.defects == [] })
    }
}
