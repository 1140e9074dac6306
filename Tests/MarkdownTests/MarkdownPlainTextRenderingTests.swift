import Testing

@testable import Markdown

/// ``MarkdownDocument/plainText(width:)`` for every construct.
struct MarkdownPlainTextRenderingTests {
    private func text(_ source: String, width: Int = 72) -> String {
        MarkdownDocument(parsing: source).plainText(width: width)
    }

    @Test func paragraphsAreSeparatedByOneBlankLine() {
        #expect(text("one\ntwo\n\n\n\nthree") == "one two\n\nthree")
    }

    @Test func paragraphsWrapAtTheWidth() {
        #expect(text("aaa bbb ccc ddd eee", width: 11) == "aaa bbb ccc\nddd eee")
    }

    @Test func markersAreDropped() {
        #expect(text("*em* **strong** `code` ## not heading") == "em strong code ## not heading")
        #expect(text("# Heading *here*\nBody") == "Heading here\n\nBody")
    }

    @Test func hardBreaksBecomeLineBreaks() {
        #expect(text("a  \nb\\\nc") == "a\nb\nc")
    }

    @Test func bulletItemsHangUnderTheirText() {
        #expect(text("- one two three four\n- five", width: 14) == "  • one two\n    three four\n  • five")
    }

    @Test func orderedItemsAreNumberedFromTheirStart() {
        #expect(text("1. a\n1. b") == "  1. a\n  2. b")
        #expect(text("9. nine words\n10. ten", width: 10) == "  9. nine\n     words\n  10. ten")
    }

    @Test func nestedListsIndentFurther() {
        #expect(text("- a\n  - b\n- c") == "  • a\n      • b\n  • c")
    }

    @Test func blockQuotesArePrefixed() {
        #expect(text("> one two\n>\n> three", width: 9) == "> one two\n>\n> three")
        #expect(text("> one two three", width: 9) == "> one two\n> three")
    }

    @Test func links() {
        #expect(text("[Read](https://x.org/r)") == "Read (https://x.org/r)")
        #expect(text("<https://x.org>") == "https://x.org")
        #expect(text("[https://x.org](https://x.org)") == "https://x.org")
        #expect(text("see https://x.org.") == "see https://x.org.")
        #expect(text("<news@x.org>") == "news@x.org")
        #expect(text("[Write to us](mailto:news@x.org)") == "Write to us (news@x.org)")
        #expect(text("[x](javascript:alert(1))") == "x")
        #expect(text("[sp](<https://x.org/a b>)") == "sp (https://x.org/a%20b)")
    }

    @Test func longURLsAreNeverBroken() {
        let url = "https://example.org/" + String(repeating: "very-long-path-", count: 6)
        let output = text("Read the full report at [\(url)](\(url)) today, please.")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains(url))
        for line in lines where line != url {
            #expect(TextWrapper.displayWidth(line) <= 72)
        }
    }

    @Test func noTrailingWhitespaceOrNewline() {
        let output = text("- a  \n  b\n\n> q  \n>\n> \n\npara   \n\n1. x\n\n   y   ", width: 20)
        #expect(!output.hasSuffix("\n"))
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.last.map { !$0.isWhitespace } ?? true, "trailing whitespace in \(line)")
        }
    }

    @Test func multiByteTextCountsOneColumnPerCharacter() {
        let output = text("Café’s “naïve” résumé: 🎉🎉 é e\u{301} 👩‍👩‍👧", width: 15)
        #expect(output == "Café’s “naïve”\nrésumé: 🎉🎉 é e\u{301}\n👩‍👩‍👧")
    }

    @Test func extremeWidthsDoNotTrap() {
        let source = "> - 1. nested words here"
        #expect(text(source, width: Int.max) == ">   •   1. nested words here")
        #expect(text(source, width: Int.min) == text(source, width: 0))
        #expect(text(source, width: 0) == ">   •   1. nested\n>          words\n>          here")
    }

    @Test func emptyDocumentIsEmpty() {
        #expect(text("") == "")
    }
}
