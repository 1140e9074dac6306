import Testing
import TextBasics

/// The one escaper, both ways: text into HTML and XML, and HTML back into text.
@Suite struct HTMLTextTests {
    @Test func escapingCoversMarkupAndQuotes() {
        #expect(HTMLText.escape("AT&T <b> \"q\" 'a'") == "AT&amp;T &lt;b&gt; &quot;q&quot; &#39;a&#39;")
    }

    @Test func xmlEscapingDropsCharactersXMLForbids() {
        #expect(HTMLText.escapeForXML("a\u{1}b&\"<") == "ab&amp;&quot;&lt;")
        #expect(HTMLText.escapeForXML("tab\there\u{FFFE}") == "tab\there")
    }

    @Test func htmlToText() {
        #expect(
            HTMLText.plainText("<p>One &amp; two</p><p>Three&nbsp;&#x2019;four&#8217;</p>")
                == "One & two\n\nThree ’four’"
        )
        #expect(HTMLText.plainText("a < b and <script>var x = '<p>';</script>c") == "a < b and c")
        #expect(HTMLText.plainText("<STYLE>x{}</STYLE>Text<!-- hidden -->") == "Text")
    }

    @Test func textEscapedAsHTMLReadsBackAsTheSameText() {
        let text = "Fish & chips <cheap> at \"Joe's\""
        #expect(HTMLText.plainText(HTMLText.escape(text)) == text)
    }

    /// Markup as broken as an outsider can make it: every `<` a false start, a tag that never ends,
    /// scripts that never close. One pass each; the old walk searched forward from every `<`.
    @Test func brokenMarkupReadsInOnePass() {
        let flood = String(repeating: "<", count: 60_000) + ">"
        #expect(HTMLText.plainText(flood) == flood)
        #expect(HTMLText.plainText("a <b c") == "a <b c")
        #expect(HTMLText.plainText("x<script>" + String(repeating: "<script>", count: 10_000)) == "x")
        #expect(HTMLText.plainText("<!DOCTYPE html><p>Text</p>") == "Text")
        #expect(HTMLText.plainText("<p>1 <2 and 3> 0</p>") == "1 <2 and 3> 0")
    }
}
