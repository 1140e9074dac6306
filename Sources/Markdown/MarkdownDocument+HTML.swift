import TextBasics

extension MarkdownDocument {
    /// Renders the document as safe HTML for an e-mail body.
    ///
    /// Every text node and attribute value is escaped (`&`, `<`, `>`, `"`, `'`), so raw HTML in
    /// the source shows as text. Only `http`, `https` and `mailto` links become `<a href>`; any
    /// other link renders as its text. The markup is lean: `<p>`, `<ul>`, `<ol>`, `<li>`,
    /// `<blockquote>`, `<strong>`, `<em>`, `<code>`, `<a>` and `<br>`, each with the inline CSS
    /// of `style`. Headings become `<p><strong>…</strong></p>`. A list item's paragraphs are
    /// not wrapped in `<p>`. Blocks are separated by `\n`; the result has no trailing line break
    /// and is empty for an empty document.
    ///
    /// - Parameter style: The inline CSS of each element; ``HTMLStyle/default`` when omitted.
    /// - Returns: An HTML fragment.
    package func html(style: HTMLStyle = .default) -> String {
        var output = ""
        Self.appendHTML(of: blocks, style: style, to: &output)
        return output
    }

    /// Appends `blocks`, separated by line breaks.
    private static func appendHTML(of blocks: [Block], style: HTMLStyle, to output: inout String) {
        for (position, block) in blocks.enumerated() {
            if position > 0 { output += "\n" }
            appendHTML(of: block, style: style, to: &output)
        }
    }

    /// Appends one block element.
    private static func appendHTML(of block: Block, style: HTMLStyle, to output: inout String) {
        switch block {
        case .paragraph(let content):
            output += "<p" + styleAttribute(style.paragraph) + ">"
            appendHTML(of: content, style: style, insideLink: false, to: &output)
            output += "</p>"
        case .heading(_, let content):
            output += "<p" + styleAttribute(style.paragraph) + "><strong>"
            appendHTML(of: content, style: style, insideLink: false, to: &output)
            output += "</strong></p>"
        case .bulletList(let items):
            output += "<ul" + styleAttribute(style.list) + ">"
            appendHTML(ofItems: items, style: style, to: &output)
            output += "\n</ul>"
        case .orderedList(let start, let items):
            output += "<ol" + styleAttribute(style.list) + (start == 1 ? "" : " start=\"\(start)\"") + ">"
            appendHTML(ofItems: items, style: style, to: &output)
            output += "\n</ol>"
        case .blockQuote(let blocks):
            output += "<blockquote" + styleAttribute(style.blockQuote) + ">\n"
            appendHTML(of: blocks, style: style, to: &output)
            output += "\n</blockquote>"
        }
    }

    /// Appends `<li>` elements; paragraphs and headings in an item are inline, separated by `<br><br>`.
    private static func appendHTML(ofItems items: [[Block]], style: HTMLStyle, to output: inout String) {
        for item in items {
            output += "\n<li" + styleAttribute(style.listItem) + ">"
            var previousWasInline = false
            for block in item {
                switch block {
                case .paragraph(let content):
                    if previousWasInline { output += "<br><br>" }
                    appendHTML(of: content, style: style, insideLink: false, to: &output)
                    previousWasInline = true
                case .heading(_, let content):
                    if previousWasInline { output += "<br><br>" }
                    output += "<strong>"
                    appendHTML(of: content, style: style, insideLink: false, to: &output)
                    output += "</strong>"
                    previousWasInline = true
                case .bulletList, .orderedList, .blockQuote:
                    output += "\n"
                    appendHTML(of: block, style: style, to: &output)
                    previousWasInline = false
                }
            }
            output += "</li>"
        }
    }

    /// Appends inline content; links inside a link, or to a refused destination, become their text.
    private static func appendHTML(of inlines: [Inline], style: HTMLStyle, insideLink: Bool, to output: inout String) {
        for inline in inlines {
            switch inline {
            case .text(let text):
                output += escapingHTML(text)
            case .emphasis(let content):
                output += "<em>"
                appendHTML(of: content, style: style, insideLink: insideLink, to: &output)
                output += "</em>"
            case .strong(let content):
                output += "<strong>"
                appendHTML(of: content, style: style, insideLink: insideLink, to: &output)
                output += "</strong>"
            case .code(let text):
                output += "<code" + styleAttribute(style.code) + ">" + escapingHTML(text) + "</code>"
            case .link(let destination, let title, let content):
                guard !insideLink, MarkdownLinkPolicy.allows(destination) else {
                    appendHTML(of: content, style: style, insideLink: insideLink, to: &output)
                    continue
                }
                output += "<a href=\"" + escapingHTML(MarkdownLinkPolicy.encoded(destination)) + "\""
                if let title, !title.isEmpty { output += " title=\"" + escapingHTML(title) + "\"" }
                output += styleAttribute(style.link) + ">"
                var text = ""
                appendHTML(of: content, style: style, insideLink: true, to: &text)
                output += text.isEmpty ? escapingHTML(MarkdownLinkPolicy.displayText(for: destination)) : text
                output += "</a>"
            case .lineBreak:
                output += "<br>"
            }
        }
    }

    /// ` style="…"`, or nothing for an empty style.
    private static func styleAttribute(_ css: String) -> String {
        css.isEmpty ? "" : " style=\"" + escapingHTML(css) + "\""
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references.
    static func escapingHTML(_ text: String) -> String { HTMLText.escape(text) }
}
