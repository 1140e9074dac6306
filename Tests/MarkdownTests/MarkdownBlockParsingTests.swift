import Testing

@testable import Markdown

/// The block structure that ``MarkdownDocument/init(parsing:)`` finds.
struct MarkdownBlockParsingTests {
    typealias Block = MarkdownDocument.Block

    private func blocks(_ source: String) -> [Block] {
        MarkdownDocument(parsing: source).blocks
    }

    /// The deepest container nesting in `blocks`.
    private func depth(_ blocks: [Block]) -> Int {
        blocks.map { block -> Int in
            switch block {
            case .paragraph, .heading: 0
            case .blockQuote(let inner): 1 + depth(inner)
            case .bulletList(let items), .orderedList(_, let items): 1 + (items.map(depth).max() ?? 0)
            }
        }.max() ?? 0
    }

    @Test func paragraphsJoinSoftLineBreaksWithSpaces() {
        #expect(blocks("one\ntwo  \n\n\nthree") == [.paragraph([.text("one two")]), .paragraph([.text("three")])])
    }

    @Test func lineEndingsAreNormalised() {
        let expected: [Block] = [.paragraph([.text("a b")]), .paragraph([.text("c")])]
        #expect(blocks("a\r\nb\r\n\r\nc") == expected)
        #expect(blocks("a\rb\r\rc") == expected)
    }

    @Test func controlCharactersAreDroppedAndNULReplaced() {
        #expect(blocks("a\u{7}b\u{0}c\u{1B}[31m") == [.paragraph([.text("ab\u{FFFD}c[31m")])])
    }

    @Test func emptyAndBlankSourcesHaveNoBlocks() {
        #expect(blocks("").isEmpty)
        #expect(blocks(" \n\t\n   ").isEmpty)
    }

    @Test func atxHeadings() {
        #expect(
            blocks("# One\n###### Six ##\n## Tail#") == [
                .heading(level: 1, content: [.text("One")]),
                .heading(level: 6, content: [.text("Six")]),
                .heading(level: 2, content: [.text("Tail#")]),
            ]
        )
    }

    @Test func hashesWithoutSpaceOrTooManyAreText() {
        #expect(blocks("#hashtag") == [.paragraph([.text("#hashtag")])])
        #expect(blocks("####### seven") == [.paragraph([.text("####### seven")])])
        #expect(blocks("\\# escaped") == [.paragraph([.text("# escaped")])])
    }

    @Test func headingInterruptsParagraph() {
        #expect(
            blocks("text\n# Head\nmore") == [
                .paragraph([.text("text")]), .heading(level: 1, content: [.text("Head")]), .paragraph([.text("more")]),
            ]
        )
    }

    @Test func bulletListsWithAllMarkersAndContinuationLines() {
        // CommonMark: a different bullet character starts a new list.
        #expect(
            blocks("- one\n  continued\n* two\n+ three") == [
                .bulletList(items: [[.paragraph([.text("one continued")])]]),
                .bulletList(items: [[.paragraph([.text("two")])]]),
                .bulletList(items: [[.paragraph([.text("three")])]]),
            ]
        )
        #expect(
            blocks("- one\n  continued\n- two") == [
                .bulletList(items: [[.paragraph([.text("one continued")])], [.paragraph([.text("two")])]])
            ]
        )
    }

    @Test func lazyContinuationLineJoinsTheItem() {
        #expect(blocks("- one\ntwo") == [.bulletList(items: [[.paragraph([.text("one two")])]])])
    }

    @Test func blankLineBetweenItemsKeepsOneList() {
        #expect(
            blocks("- a\n\n- b\n\nafter") == [
                .bulletList(items: [[.paragraph([.text("a")])], [.paragraph([.text("b")])]]),
                .paragraph([.text("after")]),
            ]
        )
    }

    @Test func itemWithSecondParagraph() {
        #expect(blocks("- a\n\n  b") == [.bulletList(items: [[.paragraph([.text("a")]), .paragraph([.text("b")])]])])
    }

    @Test func orderedListsKeepTheirStartAndAcceptParenthesis() {
        #expect(
            blocks("1. one\n2. two") == [
                .orderedList(start: 1, items: [[.paragraph([.text("one")])], [.paragraph([.text("two")])]])
            ]
        )
        #expect(
            blocks("3) c\n4) d") == [
                .orderedList(start: 3, items: [[.paragraph([.text("c")])], [.paragraph([.text("d")])]])
            ]
        )
    }

    @Test func listKindChangeStartsANewList() {
        #expect(
            blocks("- a\n1. b") == [
                .bulletList(items: [[.paragraph([.text("a")])]]),
                .orderedList(start: 1, items: [[.paragraph([.text("b")])]]),
            ]
        )
    }

    @Test func bulletAndFirstOrderedItemInterruptParagraph() {
        #expect(
            blocks("Intro:\n- a") == [.paragraph([.text("Intro:")]), .bulletList(items: [[.paragraph([.text("a")])]])]
        )
        #expect(
            blocks("Intro:\n1. a") == [
                .paragraph([.text("Intro:")]), .orderedList(start: 1, items: [[.paragraph([.text("a")])]]),
            ]
        )
    }

    @Test func otherOrderedNumbersDoNotInterruptParagraph() {
        #expect(blocks("It began in\n2024. Then it grew.") == [.paragraph([.text("It began in 2024. Then it grew.")])])
    }

    @Test func markersNeedASpaceAndContent() {
        #expect(blocks("-no\n1.no\n*") == [.paragraph([.text("-no 1.no *")])])
        // CommonMark: a marker alone is an empty list item (which cannot interrupt a paragraph).
        #expect(blocks("-") == [.bulletList(items: [[]])])
    }

    @Test func thematicBreaksSeparateBlocksAndRenderNothing() {
        // CommonMark: `---` under a paragraph line makes it a setext heading.
        #expect(
            blocks("Title\n---\nnext\n\n* * *\n- - -\n___") == [
                .heading(level: 2, content: [.text("Title")]), .paragraph([.text("next")]),
            ]
        )
        #expect(blocks("Title\n\n---\nnext") == [.paragraph([.text("Title")]), .paragraph([.text("next")])])
        #expect(
            blocks("- a\n***\n- b") == [
                .bulletList(items: [[.paragraph([.text("a")])]]), .bulletList(items: [[.paragraph([.text("b")])]]),
            ]
        )
        #expect(blocks("-- not\n**bold**") == [.paragraph([.text("-- not "), .strong([.text("bold")])])])
    }

    @Test func fourSpacesOfIndentationIsParagraphText() {
        #expect(blocks("    - not a list") == [.paragraph([.text("- not a list")])])
    }

    @Test func nestedLists() {
        #expect(
            blocks("- a\n  - b\n  - c\n- d") == [
                .bulletList(items: [
                    [
                        .paragraph([.text("a")]),
                        .bulletList(items: [[.paragraph([.text("b")])], [.paragraph([.text("c")])]]),
                    ],
                    [.paragraph([.text("d")])],
                ])
            ]
        )
        #expect(
            blocks("1. a\n   - b") == [
                .orderedList(
                    start: 1,
                    items: [[.paragraph([.text("a")]), .bulletList(items: [[.paragraph([.text("b")])]])]]
                )
            ]
        )
    }

    @Test func tabsInIndentationCountToFourColumns() {
        #expect(blocks("- a\n\t- b") == blocks("- a\n    - b"))
        #expect(blocks("-\tone") == [.bulletList(items: [[.paragraph([.text("one")])]])])
    }

    @Test func blockQuotesWithLazyContinuation() {
        #expect(
            blocks("> quoted\n>more\nlazy\n\nafter") == [
                .blockQuote([.paragraph([.text("quoted more lazy")])]),
                .paragraph([.text("after")]),
            ]
        )
    }

    @Test func blockQuoteContainsBlocks() {
        #expect(
            blocks("> # T\n>\n> - a\n> > deep") == [
                .blockQuote([
                    .heading(level: 1, content: [.text("T")]),
                    .bulletList(items: [[.paragraph([.text("a")])]]),
                    .blockQuote([.paragraph([.text("deep")])]),
                ])
            ]
        )
    }

    @Test func deepNestingIsBoundedAndNeverTraps() {
        let quotes = MarkdownDocument(parsing: String(repeating: "> ", count: 20_000) + "x")
        #expect(depth(quotes.blocks) == MarkdownDocument.maximumContainerDepth)
        let bullets = MarkdownDocument(parsing: String(repeating: "- ", count: 20_000) + "x")
        #expect(depth(bullets.blocks) == MarkdownDocument.maximumContainerDepth)
        let indented = (0..<500).map { String(repeating: " ", count: $0 * 2) + "- x" }.joined(separator: "\n")
        #expect(depth(MarkdownDocument(parsing: indented).blocks) <= MarkdownDocument.maximumContainerDepth)
    }
}
