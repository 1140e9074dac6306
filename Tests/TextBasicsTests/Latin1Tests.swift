import Testing

@testable import TextBasics

@Suite struct Latin1Tests {
    @Test func everyByteIsOneCharacterAndWindows1252PunctuationIsRead() {
        let bytes: [UInt8] = [0x43, 0x61, 0x66, 0xE9, 0x20, 0x93, 0x71, 0x94, 0x20, 0x96, 0x20, 0x80, 0x35, 0xA0, 0xFF]
        #expect(Latin1.decode(bytes) == "Café \u{201C}q\u{201D} \u{2013} €5\u{A0}ÿ")
        #expect(Latin1.decode([0x81, 0x8D]) == "\u{81}\u{8D}", "unassigned bytes stay their code point")
    }

    @Test func everyByteValueDecodesToOneScalar() {
        let all = (0...255).map { UInt8($0) }
        let text = Latin1.decode(all)
        #expect(text.unicodeScalars.count == 256)
        #expect(Array(text.unicodeScalars.prefix(0x80).map { UInt8($0.value) }) == Array(all.prefix(0x80)))
        #expect(Array(text.unicodeScalars.suffix(0x60).map(\.value)) == (0xA0...0xFF).map { UInt32($0) })
    }
}
