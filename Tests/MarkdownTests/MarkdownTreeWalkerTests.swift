import Testing

@testable import Markdown

/// How cmark's node tree becomes ``MarkdownDocument`` blocks and inlines.
struct MarkdownTreeWalkerTests {
    typealias Block = MarkdownDocument.Block
    typealias Inline = MarkdownDocument.Inline

    private func blocks(_ source: String) -> [Block] {
        MarkdownDocument(parsing: source).blocks
    }

    private func inlines(_ source: String) -> [Inline] {
        guard case .paragraph(let content)? = blocks(source).first else { return [] }
        return content
    }

    private func link(_ destination: String, _ content: [Inline], title: String? = nil) -> Inline {
        .link(destination: destination, title: title, content: content)
    }

    @Test func listsNestInsideQuotesAndItems() {
        #expect(
            blocks("> 1. one\n>    - a\n>    - b\n>\n>      more b\n> 2. two") == [
                .blockQuote([
                    .orderedList(
                        start: 1,
                        items: [
                            [
                                .paragraph([.text("one")]),
                                .bulletList(items: [
                                    [.paragraph([.text("a")])],
                                    [.paragraph([.text("b")]), .paragraph([.text("more b")])],
                                ]),
                            ],
                            [.paragraph([.text("two")])],
                        ]
                    )
                ])
            ]
        )
    }

    @Test func orderedListDelimiterChangeStartsANewList() {
        #expect(
            blocks("1. a\n2) b") == [
                .orderedList(start: 1, items: [[.paragraph([.text("a")])]]),
                .orderedList(start: 2, items: [[.paragraph([.text("b")])]]),
            ]
        )
    }

    @Test func tooDeepContainersKeepTheirText() {
        let source = String(repeating: "> ", count: 12) + "deep *words*"
        var level = blocks(source)
        for _ in 0..<MarkdownDocument.maximumContainerDepth {
            guard case .blockQuote(let inner)? = level.first else {
                Issue.record("expected a block quote in \(level)")
                return
            }
            level = inner
        }
        #expect(level == [.paragraph([.text("deep "), .emphasis([.text("words")])])])
    }

    @Test func emphasisFollowsCommonMark() {
        #expect(inlines("*a **b** c*") == [.emphasis([.text("a "), .strong([.text("b")]), .text(" c")])])
        #expect(inlines("foo*bar*baz") == [.text("foo"), .emphasis([.text("bar")]), .text("baz")])
        #expect(inlines("*foo**bar**baz*") == [.emphasis([.text("foo"), .strong([.text("bar")]), .text("baz")])])
        #expect(inlines("__a_b__") == [.strong([.text("a_b")])])
    }

    @Test func tooDeepEmphasisKeepsItsText() {
        let source = String(repeating: "*", count: 40) + "core" + String(repeating: "*", count: 40)
        let text = MarkdownDocument(parsing: source).plainText()
        #expect(text == "core")
    }

    @Test func codeSpansKeepTheirContentLiteral() {
        #expect(inlines("`&amp; *x* [a](https://b.org)`") == [.code("&amp; *x* [a](https://b.org)")])
        #expect(inlines("` `` `") == [.code("``")])
        #expect(inlines("`https://x.org`") == [.code("https://x.org")])
    }

    @Test func codeBlocksBecomeParagraphsWithALineBreakPerLine() {
        let expected: [Block] = [.paragraph([.text("first line"), .lineBreak, .text("  <second>")])]
        #expect(blocks("```swift\nfirst line\n  <second>\n```") == expected)
        #expect(blocks("    first line\n      <second>") == expected)
        #expect(
            MarkdownDocument(parsing: "```\na\n\nb\n```").html(style: .unstyled) == "<p>a<br><br>b</p>"
        )
        #expect(blocks("```\n```").isEmpty)
    }

    @Test func disallowedSchemesGiveTheirTextInEveryLinkForm() {
        #expect(inlines("[a](javascript:alert(1)) [b](ftp://x.org)") == [.text("a b")])
        #expect(inlines("[c][ref]\n\n[ref]: javascript:alert(1)") == [.text("c")])
        #expect(inlines("![d](javascript:alert(1))") == [.text("d")])
        #expect(inlines("<ftp://x.org/file>") == [.text("ftp://x.org/file")])
        #expect(inlines("[e](&#x6A;avascript:alert(1))") == [.text("e")])
    }

    @Test func referenceLinksAndImagesBecomeLinks() {
        #expect(
            inlines("See [the report][r].\n\n[r]: https://x.org/r \"Annual\"") == [
                .text("See "), link("https://x.org/r", [.text("the report")], title: "Annual"), .text("."),
            ]
        )
        #expect(inlines("![A chart](https://x.org/c.png)") == [link("https://x.org/c.png", [.text("A chart")])])
    }

    @Test func anImageInsideALinkIsItsText() {
        #expect(
            inlines("[![logo](https://x.org/l.png) home](https://x.org)") == [
                link("https://x.org", [.text("logo home")])
            ]
        )
    }

    @Test func rawHTMLIsTextInlineAndInBlocks() {
        #expect(inlines("a <span onclick=\"x()\">b</span>") == [.text("a <span onclick=\"x()\">b</span>")])
        #expect(
            blocks("<div>\n  <b>bold</b>\n</div>\n\nafter") == [
                .paragraph([.text("<div> <b>bold</b> </div>")]), .paragraph([.text("after")]),
            ]
        )
        #expect(blocks("<!-- note -->") == [.paragraph([.text("<!-- note -->")])])
        #expect(
            MarkdownDocument(parsing: "<div>\n*x*\n</div>").html(style: .unstyled)
                == "<p>&lt;div&gt; *x* &lt;/div&gt;</p>"
        )
    }

    @Test func autolinksAsCommonMarkParsesThem() {
        #expect(inlines("<https://x.org/a>") == [link("https://x.org/a", [.text("https://x.org/a")])])
        #expect(inlines("<MAILTO:a@b.org>") == [link("MAILTO:a@b.org", [.text("MAILTO:a@b.org")])])
        #expect(inlines("<a.b@c.org>") == [link("mailto:a.b@c.org", [.text("a.b@c.org")])])
        #expect(inlines("<https://x.org/a b>") == [.text("<https://x.org/a b>")])
        #expect(inlines("www.x.org") == [.text("www.x.org")])
    }

    @Test func bareURLsAreNotLinkedInsideLinks() {
        #expect(inlines("[see https://a.org](https://b.org)") == [link("https://b.org", [.text("see https://a.org")])])
        // A refused link is plain text, where bare URLs are links as anywhere else.
        #expect(
            inlines("[see https://a.org](ftp://b.org)") == [
                .text("see "), link("https://a.org", [.text("https://a.org")]),
            ]
        )
    }

    @Test func characterReferencesAreDecoded() {
        #expect(inlines("AT&amp;T &copy; &#169; &#x1F600; &bogus; & done") == [.text("AT&T © © 😀 &bogus; & done")])
        #expect(inlines("a&#27;[31mb &#0; c&#10;d") == [.text("a[31mb \u{FFFD} c d")])
        #expect(MarkdownDocument(parsing: "&lt;script&gt;").html(style: .unstyled) == "<p>&lt;script&gt;</p>")
        #expect(MarkdownDocument(parsing: "Fish &amp; chips").plainText() == "Fish & chips")
    }

    @Test func setextHeadingsAndThematicBreaks() {
        #expect(
            blocks("Top\n===\n\n***\n\nSub\n---") == [
                .heading(level: 1, content: [.text("Top")]), .heading(level: 2, content: [.text("Sub")]),
            ]
        )
    }

    @Test func hardBreaksAtTheEndOfAParagraphAreDropped() {
        #expect(blocks("end\\\n\nnext  ") == [.paragraph([.text("end\\")]), .paragraph([.text("next")])])
    }

    @Test func parsingOnManyThreadsAtOnceGivesTheSameDocuments() async {
        let sources = MarkdownXSSTests.hostileSources + ["- a\n  - b\n\n> *q* `c` <https://x.org>", "# T\n\n1. x"]
        let expected = sources.map { MarkdownDocument(parsing: $0) }
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<20).allSatisfy { _ in sources.map { MarkdownDocument(parsing: $0) } == expected } }
            }
            for await same in group { #expect(same) }
        }
    }
}
