import Testing

@testable import Markdown

/// Hostile summaries never produce live markup or script links.
struct MarkdownXSSTests {
    static let hostileSources: [String] = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<svg/onload=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](javascript:alert(1) \"t\")",
        "[x](&#106;avascript:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](\\javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](//evil.example)",
        "<javascript:alert(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        "[\" onmouseover=\"alert(1)](https://ok.example)",
        "[x](https://ok.example/\"onmouseover=\"alert(1))",
        "[x](https://ok.example \"a\\\" onmouseover=\\\"alert(1)\")",
        "[x](https://ok.example/\" onmouseover=\"alert(1))",
        "<https://ok.example/\"onmouseover=\"alert(1)>",
        "https://ok.example/\"><script>alert(1)</script>",
        "`<script>alert(1)</script>`",
        "**<img src=x onerror=alert(1)>**",
        "- <script>alert(1)</script>\n> <img src=x onerror=alert(1)>",
        "# <iframe src=x>",
        "<\u{338}script>alert(1)</script>",
        "&lt;script&gt; &#60;img&#62;",
    ]

    @Test(arguments: hostileSources)
    func hostileSourceRendersWithoutMarkup(source: String) {
        let html = MarkdownDocument(parsing: source).html()
        #expect(HTMLTagAudit.problems(in: html).isEmpty, "\(HTMLTagAudit.problems(in: html)) in \(html)")
        let lowered = html.lowercased()
        for forbidden in ["<script", "<img", "<iframe", "<svg", "href=\"javascript", "href=\"data", "href=\"vbscript"] {
            #expect(!lowered.contains(forbidden), "\(forbidden) in \(html)")
        }
    }

    @Test func rawHTMLShowsAsEscapedText() {
        #expect(
            MarkdownDocument(parsing: "<script>alert(1)</script>").html(style: .unstyled)
                == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
        )
        #expect(
            MarkdownDocument(parsing: "<img src=x onerror=alert(1)>").html(style: .unstyled)
                == "<p>&lt;img src=x onerror=alert(1)&gt;</p>"
        )
    }

    @Test func scriptLinksRenderAsTheirTextOnly() {
        for source in ["[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "[x](data:text/html,hi)"] {
            #expect(MarkdownDocument(parsing: source).html(style: .unstyled) == "<p>x</p>")
            #expect(MarkdownDocument(parsing: source).plainText() == "x")
        }
    }

    @Test func quotesInDestinationAndTextCannotBreakOutOfAttributes() {
        #expect(
            MarkdownDocument(parsing: "[\"x\"](https://ok.example/\"onmouseover=\"alert(1))").html(style: .unstyled)
                == "<p><a href=\"https://ok.example/%22onmouseover=%22alert(1)\">&quot;x&quot;</a></p>"
        )
        #expect(
            MarkdownDocument(parsing: "[x](https://ok.example 'a\" onmouseover=\"b')").html(style: .unstyled)
                == "<p><a href=\"https://ok.example\" title=\"a&quot; onmouseover=&quot;b\">x</a></p>"
        )
    }

    @Test func handBuiltScriptLinkIsNotALink() {
        let document = MarkdownDocument(blocks: [
            .paragraph([.link(destination: " javascript:alert(1)", title: "\"><script>", content: [.text("x")])])
        ])
        #expect(document.html(style: .unstyled) == "<p>x</p>")
        #expect(document.plainText() == "x")
    }
}
