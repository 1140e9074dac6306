import Testing

@testable import Markdown

/// ``MarkdownDocument/html(style:)`` for every construct.
struct MarkdownHTMLRenderingTests {
    private func html(_ source: String) -> String {
        MarkdownDocument(parsing: source).html(style: .unstyled)
    }

    @Test func paragraphsCarryTheDefaultStyle() {
        #expect(
            MarkdownDocument(parsing: "Hello\n\nWorld").html()
                == "<p style=\"margin:0 0 12px 0;\">Hello</p>\n<p style=\"margin:0 0 12px 0;\">World</p>"
        )
    }

    @Test func customStyleIsUsedAndEscaped() {
        let style = HTMLStyle(paragraph: "color:red;", link: "x\"y")
        #expect(
            MarkdownDocument(parsing: "[a](https://a.org)").html(style: style)
                == "<p style=\"color:red;\"><a href=\"https://a.org\" style=\"x&quot;y\">a</a></p>"
        )
    }

    @Test func emptyDocumentIsEmpty() {
        #expect(html("") == "")
    }

    @Test func inlineMarkup() {
        #expect(html("*a* **b** `c<d>`") == "<p><em>a</em> <strong>b</strong> <code>c&lt;d&gt;</code></p>")
        #expect(html("a  \nb") == "<p>a<br>b</p>")
    }

    @Test func codeCarriesItsStyle() {
        #expect(
            MarkdownDocument(parsing: "`x`").html(style: HTMLStyle(paragraph: "", code: "font-family:monospace;"))
                == "<p><code style=\"font-family:monospace;\">x</code></p>"
        )
    }

    @Test func links() {
        #expect(
            html("[t](https://x.org/?a=1&b=2 \"Ti'tle\")")
                == "<p><a href=\"https://x.org/?a=1&amp;b=2\" title=\"Ti&#39;tle\">t</a></p>"
        )
        #expect(html("<a@b.org>") == "<p><a href=\"mailto:a@b.org\">a@b.org</a></p>")
        #expect(html("[sp](<https://x.org/a b>)") == "<p><a href=\"https://x.org/a%20b\">sp</a></p>")
        #expect(html("[](https://x.org)") == "<p><a href=\"https://x.org\">https://x.org</a></p>")
    }

    @Test func headingsAreStrongParagraphs() {
        #expect(html("## News") == "<p><strong>News</strong></p>")
    }

    @Test func lists() {
        #expect(html("- a\n- *b*") == "<ul>\n<li>a</li>\n<li><em>b</em></li>\n</ul>")
        #expect(html("1. a") == "<ol>\n<li>a</li>\n</ol>")
        #expect(html("7. a\n8. b") == "<ol start=\"7\">\n<li>a</li>\n<li>b</li>\n</ol>")
        #expect(html("- a\n  - b") == "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul></li>\n</ul>")
        #expect(html("- a\n\n  b") == "<ul>\n<li>a<br><br>b</li>\n</ul>")
    }

    @Test func listsCarryTheirStyles() {
        let style = HTMLStyle(list: "L", listItem: "I")
        #expect(
            MarkdownDocument(parsing: "- a").html(style: style) == "<ul style=\"L\">\n<li style=\"I\">a</li>\n</ul>"
        )
    }

    @Test func blockQuotes() {
        #expect(html("> q\n>\n> r") == "<blockquote>\n<p>q</p>\n<p>r</p>\n</blockquote>")
    }

    @Test func textIsEscaped() {
        #expect(html("AT&T <b> \"q\" 'a'") == "<p>AT&amp;T &lt;b&gt; &quot;q&quot; &#39;a&#39;</p>")
    }

    @Test func handBuiltBlocksAreEscapedAndFiltered() {
        let document = MarkdownDocument(blocks: [
            .paragraph([
                .link(destination: "javascript:alert(1)", title: nil, content: [.text("<x>")]),
                .link(
                    destination: "https://a.org",
                    title: nil,
                    content: [
                        .link(destination: "https://b.org", title: nil, content: [.text("inner")])
                    ]
                ),
            ]),
            .orderedList(start: Int.max, items: [[], []]),
        ])
        #expect(
            document.html(style: .unstyled)
                == "<p>&lt;x&gt;<a href=\"https://a.org\">inner</a></p>\n<ol "
                + "start=\"\(Int.max)\">\n<li></li>\n<li></li>\n</ol>"
        )
        #expect(!document.plainText().isEmpty)
    }

    @Test func twentyFiveTypicalItemsStayWellUnderNinetyKilobytes() {
        let summary = """
            The **Department for Education** has published [early findings](https://example.org/dfe/pilots \
            "Consistent child identifier") from pilots testing a single identifier for children across \
            education, health and children’s social care records in six local areas.

            - Practitioners spent *less time* confirming records.
            - Poor-quality data at entry still caused `mismatches`.
            - See <https://example.org/dfe/pilots/annex> for methods.

            > The findings will inform decisions about a wider roll-out in 2027.
            """
        let document = MarkdownDocument(parsing: summary)
        #expect(document.html().utf8.count * 25 < 40_000)
        #expect(document.html(style: .unstyled).utf8.count < summary.utf8.count * 3 / 2)
    }
}
