import MIME
import TestSupport
import Testing

@Suite("RFC 2047 encoded words")
struct EncodedWordTests {
    /// The words of an encoded text, checked: each at most 75 characters,
    /// well-formed, decoding to valid UTF-8.
    private func decodedWords(_ encoded: String) -> [String] {
        encoded.split(separator: " ", omittingEmptySubsequences: false).map { word in
            #expect(word.count <= 75, "word \(word) is \(word.count) characters")
            let bytes = EncodedWordDecoder.decode(word)
            #expect(bytes != nil, "malformed word \(word)")
            let text = bytes.flatMap { String(validating: $0, as: UTF8.self) }
            #expect(text != nil, "word \(word) is not valid UTF-8 on its own")
            return text ?? ""
        }
    }

    @Test("printable ASCII is returned unchanged")
    func asciiIsUntouched() {
        for text in [
            "", "Weekly digest #12: news & views", "100% (really) <ok> \"quoted\" _x_ ?",
            String(repeating: "long ", count: 40),
        ] {
            #expect(EncodedWord.encodeIfNeeded(text) == text)
        }
    }

    @Test("non-ASCII, control characters and =? are encoded")
    func textThatNeedsEncoding() {
        for text in ["Zoë", "Issue 12 · 2026", "looks =?like?= a word", "tab\there"] {
            let encoded = EncodedWord.encodeIfNeeded(text)
            #expect(encoded.hasPrefix("=?UTF-8?"), "\(text)")
            #expect(encoded.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F || $0 == " " })
            #expect(decodedWords(encoded).joined() == text)
        }
        #expect(EncodedWord.encodeIfNeeded("Zoë") == "=?UTF-8?Q?Zo=C3=AB?=")
        #expect(EncodedWord.encodeIfNeeded("a b_c=d?e") == "a b_c=d?e")
        // Q when it is shorter, B otherwise.
        #expect(EncodedWord.encodeIfNeeded("Café Society Weekly") == "=?UTF-8?Q?Caf=C3=A9_Society_Weekly?=")
        #expect(EncodedWord.encodeIfNeeded("Café b_c=d?e") == "=?UTF-8?B?Q2Fmw6kgYl9jPWQ/ZQ==?=")
        #expect(EncodedWord.encodeIfNeeded("😀😀") == "=?UTF-8?B?8J+YgPCfmIA=?=")
    }

    @Test("a long subject becomes several words of at most 75 characters")
    func longSubjectsBecomeSeveralWords() {
        let subject = "Safeguarding Weekly · Issue 12 · Grüße, naïve café façade, déjà vu, 22 November 2026 — résumé"
        let encoded = EncodedWord.encodeIfNeeded(subject)
        let words = decodedWords(encoded)
        #expect(words.count >= 3)
        #expect(words.joined() == subject)
    }

    @Test("emoji and other grapheme clusters are never split between words")
    func clustersAreNeverSplit() {
        let clusters = ["😀", "👨‍👩‍👧‍👦", "🇬🇧", "e\u{301}", "👩🏽‍💻", "日"]
        for cluster in clusters {
            for count in 1...40 {
                for prefix in ["", "a", "ab ", "Zoë "] {
                    let text = prefix + String(repeating: cluster, count: count)
                    let words = decodedWords(EncodedWord.encodeIfNeeded(text))
                    #expect(words.joined() == text)
                    // A split cluster would count as two characters, one in each word.
                    #expect(words.map(\.count).reduce(0, +) == text.count, "\(text) split as \(words)")
                }
            }
        }
    }

    @Test("random texts encode to valid words that decode to the text", arguments: [21, 22])
    func randomTexts(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let text = TextSamples.randomText(maximumPieces: 30, using: &generator)
            let encoded = EncodedWord.encodeIfNeeded(text)
            if encoded == text { continue }
            #expect(decodedWords(encoded).joined() == text)
        }
    }

    @Test("Python's email package decodes the words back to the input")
    func pythonDecodesWords() throws {
        var texts = [
            "Zoë Ähm", "Safeguarding Weekly · Issue 12 · 22 Nov 2026", "looks =?like?= a word",
            "Ünïcödé " + String(repeating: "😀", count: 30), String(repeating: "👨‍👩‍👧‍👦", count: 7),
            "Question? Equals= Underscore_ (parens) \"quotes\" <angle>, comma; semicolon",
            String(repeating: "日本語のニュース ", count: 6) + "end",
        ]
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<40 {
            let text = TextSamples.randomText(maximumPieces: 25, using: &generator)
                .filter { !$0.isNewline && $0 != "\u{0}" }
            texts.append(text.trimmingCharacters(in: [" ", "\t"]))
        }
        let fields = texts.map { "Subject: " + EncodedWord.encodeIfNeeded($0) + "\r\n" }
        let decoded = try PythonEmail.decode(headerFields: fields)
        #expect(decoded.count == texts.count)
        for (text, header) in zip(texts, decoded) {
            #expect(header.defects == [], "\(text)")
            #expect(header.value == text)
        }
    }
}
