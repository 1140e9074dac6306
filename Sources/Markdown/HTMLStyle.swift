/// Inline CSS for the HTML that ``MarkdownDocument/html(style:)`` renders.
///
/// With a style, every element carries its look in a `style` attribute, for a template that has no
/// `<style>` block (the `summary` of templates written before the lean ones). The bundled templates
/// style the bare tags of ``unstyled`` from their `<style>` block instead, with the same values as
/// ``default``: one rule a tag rather than one attribute an element. An empty string leaves the
/// attribute out. The values are escaped as attribute text, but they are CSS the caller trusts:
/// never put user input in them.
package struct HTMLStyle: Sendable, Equatable {
    /// The style of `<p>` (paragraphs and headings).
    package var paragraph: String
    /// The style of `<ul>` and `<ol>`.
    package var list: String
    /// The style of `<li>`.
    package var listItem: String
    /// The style of `<a>`.
    package var link: String
    /// The style of `<blockquote>`.
    package var blockQuote: String
    /// The style of `<code>`.
    package var code: String

    /// Makes a style; every argument defaults to the look of ``default``.
    package init(
        paragraph: String = "margin:0 0 12px 0;",
        list: String = "margin:0 0 12px 0;padding-left:24px;",
        listItem: String = "margin:0 0 4px 0;",
        link: String = "color:#1a5fb4;",
        blockQuote: String = "margin:0 0 12px 0;padding-left:12px;border-left:3px solid #dddddd;color:#555555;",
        code: String = "font-family:Menlo,Consolas,monospace;font-size:90%;background:#f2f2f2;"
    ) {
        self.paragraph = paragraph
        self.list = list
        self.listItem = listItem
        self.link = link
        self.blockQuote = blockQuote
        self.code = code
    }

    /// Sensible defaults for an e-mail body: 12 px between blocks, blue links, grey quotes.
    package static let `default` = HTMLStyle()

    /// No `style` attributes at all: the smallest markup, for a client that styles by itself.
    package static let unstyled = HTMLStyle(paragraph: "", list: "", listItem: "", link: "", blockQuote: "", code: "")
}
