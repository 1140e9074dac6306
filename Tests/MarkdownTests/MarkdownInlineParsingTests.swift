import Testing

@testable import Markdown

/// The inlines that ``MarkdownDocument/init(parsing:)`` finds in a paragraph.
struct MarkdownInlineParsingTests {
    typealias Inline = MarkdownDocument.Inline

    private func inlines(_ source: String) -> [Inline] {
        guard case .paragraph(let content)? = MarkdownDocument(parsing: source).blocks.first else { return [] }
        return content
    }

    /// The deepest emphasis nesting in `inlines`.
    private func depth(_ inlines: [Inline]) -> Int {
        inlines.map { inline -> Int in
            switch inline {
            case .emphasis(let inner), .strong(let inner): 1 + depth(inner)
            case .link(_, _, let inner): depth(inner)
            default: 0
            }
        }.max() ?? 0
    }

    @Test func emphasisAndStrongWithBothDelimiters() {
        #expect(
            inlines("*a* _b_ **c** __d__") == [
                .emphasis([.text("a")]), .text(" "), .emphasis([.text("b")]), .text(" "),
                .strong([.text("c")]), .text(" "), .strong([.text("d")]),
            ]
        )
    }

    @Test func nestedEmphasis() {
        #expect(inlines("***both***") == [.emphasis([.strong([.text("both")])])])
        #expect(inlines("**bold *and em***") == [.strong([.text("bold "), .emphasis([.text("and em")])])])
    }

    @Test func intrawordUnderscoresAndSpacedStarsStayText() {
        #expect(inlines("snake_case_name") == [.text("snake_case_name")])
        #expect(inlines("a * b * c") == [.text("a * b * c")])
        #expect(inlines("**open") == [.text("**open")])
    }

    @Test func codeSpans() {
        #expect(inlines("`a*b*c`") == [.code("a*b*c")])
        #expect(inlines("`` a`b ``") == [.code("a`b")])
        #expect(inlines("`<b>` and `x\ny`") == [.code("<b>"), .text(" and "), .code("x y")])
        #expect(inlines("`open") == [.text("`open")])
    }

    @Test func linksWithAndWithoutTitle() {
        #expect(
            inlines("[t](https://x.org)") == [.link(destination: "https://x.org", title: nil, content: [.text("t")])]
        )
        #expect(
            inlines("[*t*](https://x.org \"T\")") == [
                .link(destination: "https://x.org", title: "T", content: [.emphasis([.text("t")])])
            ]
        )
        #expect(
            inlines("[t](<https://x.org/a b> 'T')") == [
                .link(destination: "https://x.org/a b", title: "T", content: [.text("t")])
            ]
        )
    }

    @Test func linkDestinationWithBalancedParentheses() {
        #expect(
            inlines("[w](https://en.wikipedia.org/wiki/A_(b))") == [
                .link(destination: "https://en.wikipedia.org/wiki/A_(b)", title: nil, content: [.text("w")])
            ]
        )
    }

    @Test func bracketsWithoutDestinationStayText() {
        #expect(inlines("[not a link] and [x] (y)") == [.text("[not a link] and [x] (y)")])
    }

    @Test func linksDoNotNest() {
        // CommonMark: the innermost link wins; the outer brackets stay text (its URL is a bare URL).
        #expect(
            inlines("[a [b](https://b.org)](https://a.org)") == [
                .text("[a "), .link(destination: "https://b.org", title: nil, content: [.text("b")]), .text("]("),
                .link(destination: "https://a.org", title: nil, content: [.text("https://a.org")]), .text(")"),
            ]
        )
    }

    @Test func onlyHTTPAndMailtoDestinationsBecomeLinks() {
        #expect(inlines("[x](javascript:alert(1))") == [.text("x")])
        #expect(inlines("[x](/relative) [y](ftp://h) [z](data:text/html,hi)") == [.text("x y z")])
        #expect(
            inlines("[m](MAILTO:a@b.org)") == [.link(destination: "MAILTO:a@b.org", title: nil, content: [.text("m")])]
        )
    }

    @Test func autolinks() {
        #expect(
            inlines("<https://x.org/a?b=c&d>") == [
                .link(destination: "https://x.org/a?b=c&d", title: nil, content: [.text("https://x.org/a?b=c&d")])
            ]
        )
        #expect(
            inlines("<news@example.org>") == [
                .link(destination: "mailto:news@example.org", title: nil, content: [.text("news@example.org")])
            ]
        )
        // cmark parses it as an autolink; refused, it is its text, without the brackets.
        #expect(inlines("<javascript:alert(1)>") == [.text("javascript:alert(1)")])
    }

    @Test func bareURLsLeaveOutTrailingPunctuation() {
        #expect(
            inlines("See https://x.org/a_b_c.") == [
                .text("See "),
                .link(destination: "https://x.org/a_b_c", title: nil, content: [.text("https://x.org/a_b_c")]),
                .text("."),
            ]
        )
        #expect(
            inlines("(http://x.org/p)") == [
                .text("("), .link(destination: "http://x.org/p", title: nil, content: [.text("http://x.org/p")]),
                .text(")"),
            ]
        )
        #expect(
            inlines("_https://x.org_") == [
                .emphasis([.link(destination: "https://x.org", title: nil, content: [.text("https://x.org")])])
            ]
        )
        #expect(inlines("xhttps://x.org https://") == [.text("xhttps://x.org https://")])
    }

    @Test func backslashEscapes() {
        #expect(inlines("\\*not\\* \\[x\\](y) \\a") == [.text("*not* [x](y) \\a")])
    }

    @Test func hardLineBreaks() {
        #expect(inlines("a  \nb") == [.text("a"), .lineBreak, .text("b")])
        #expect(inlines("a\\\nb") == [.text("a"), .lineBreak, .text("b")])
        #expect(inlines("a \nb") == [.text("a b")])
    }

    @Test func rawHTMLIsText() {
        #expect(inlines("<b>bold</b> & <i>") == [.text("<b>bold</b> & <i>")])
    }

    @Test func emphasisDepthIsBounded() {
        let deep = String(repeating: "**", count: 500) + "x" + String(repeating: "**", count: 500)
        #expect(depth(inlines(deep)) == MarkdownDocument.maximumEmphasisDepth)
        let mixed = String(repeating: "*_", count: 5_000) + "x" + String(repeating: "_*", count: 5_000)
        #expect(depth(inlines(mixed)) <= MarkdownDocument.maximumEmphasisDepth)
    }
}
