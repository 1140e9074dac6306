import Testing

@testable import Markdown

/// ``TextWrapper`` on its own.
struct TextWrapperTests {
    @Test func wrapsGreedily() {
        #expect(TextWrapper.wrap("aaa bbb ccc ddd", width: 7) == "aaa bbb\nccc ddd")
        #expect(TextWrapper.wrap("aaa bbb ccc ddd", width: 8) == "aaa bbb\nccc ddd")
        #expect(TextWrapper.wrap("aaa bbb ccc ddd", width: 11) == "aaa bbb ccc\nddd")
    }

    @Test func shortTextIsUnchanged() {
        #expect(TextWrapper.wrap("one line", width: 72) == "one line")
        #expect(TextWrapper.wrap("", width: 72) == "")
    }

    @Test func longWordsStayWholeOnTheirOwnLine() {
        let url = "https://example.org/" + String(repeating: "a", count: 80)
        let wrapped = TextWrapper.wrap("Read it at \(url) before Friday, thanks to everyone who helped out", width: 72)
        let lines = wrapped.split(separator: "\n").map(String.init)
        #expect(lines == ["Read it at", url, "before Friday, thanks to everyone who helped out"])
    }

    @Test func nothingButSingleWordsExceedsTheWidth() {
        let words = (0..<400).map { String(repeating: "x", count: ($0 * 7919) % 23 + 1) }
        let wrapped = TextWrapper.wrap(words.joined(separator: " "), width: 20, firstIndent: "  • ", indent: "    ")
        for line in wrapped.split(separator: "\n") {
            let width = TextWrapper.displayWidth(line)
            #expect(width <= 20 || !line.dropFirst(4).contains(" "))
        }
    }

    @Test func indentsCountTowardsTheWidth() {
        #expect(
            TextWrapper.wrap("one two three", width: 9, firstIndent: "  • ", indent: "    ")
                == "  • one\n    two\n    three"
        )
        #expect(TextWrapper.wrap("a b c d", width: 5, firstIndent: "> ", indent: "> ") == "> a b\n> c d")
    }

    @Test func existingLineBreaksAreHardBreaks() {
        #expect(TextWrapper.wrap("a b\nc d\n\ne", width: 72) == "a b\nc d\n\ne")
        #expect(TextWrapper.wrap("a\r\nb\u{2028}c", width: 72) == "a\nb\nc")
        #expect(TextWrapper.wrap("x\n\ny", width: 72, indent: "  ") == "x\n\n  y")
    }

    @Test func noTrailingWhitespaceAndSpacesCollapse() {
        #expect(TextWrapper.wrap("  a   b  \t ", width: 72) == "a b")
        #expect(TextWrapper.wrap("a b", width: 1, firstIndent: "- ", indent: "  ") == "- a\n  b")
        #expect(TextWrapper.wrap("", width: 72, firstIndent: "> ") == ">")
    }

    @Test func nonBreakingSpacesDoNotBreak() {
        #expect(TextWrapper.wrap("10\u{A0}km away", width: 5) == "10\u{A0}km\naway")
    }

    @Test func zeroOrNegativeWidthPutsEachWordOnALine() {
        #expect(TextWrapper.wrap("a b c", width: 0) == "a\nb\nc")
        #expect(TextWrapper.wrap("a b c", width: -10, firstIndent: "  ") == "  a\nb\nc")
        #expect(TextWrapper.wrap("a b", width: Int.max) == "a b")
        #expect(TextWrapper.wrap("a b", width: Int.min) == "a\nb")
    }

    @Test func displayWidthCountsGraphemeClusters() {
        #expect(TextWrapper.displayWidth("é") == 1)
        #expect(TextWrapper.displayWidth("e\u{301}") == 1)
        #expect(TextWrapper.displayWidth("’“”") == 3)
        #expect(TextWrapper.displayWidth("🎉👩‍👩‍👧🇬🇧👍🏽") == 4)
        #expect(TextWrapper.displayWidth("日本") == 2)
        #expect(TextWrapper.displayWidth("abc"[...]) == 3)
    }

    @Test func multiByteWordsWrapByCharacters() {
        #expect(TextWrapper.wrap("ééééé ééééé ééééé", width: 11) == "ééééé ééééé\nééééé")
        #expect(TextWrapper.wrap("🎉🎉 🎉🎉 🎉🎉", width: 5) == "🎉🎉 🎉🎉\n🎉🎉")
    }
}
