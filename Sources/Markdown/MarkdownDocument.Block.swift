extension MarkdownDocument {
    /// A block-level element of a ``MarkdownDocument``.
    ///
    /// Containers (lists, block quotes) nest at most eight levels when parsed; the content of
    /// deeper ones joins the eighth level.
    package enum Block: Sendable, Equatable {
        /// A paragraph (or a code block or raw HTML, as text), soft line breaks already turned into spaces.
        case paragraph([Inline])
        /// A heading (ATX or setext) of `level` 1 to 6. Renderers show it as strong text, not as `<h1>`…`<h6>`.
        case heading(level: Int, content: [Inline])
        /// A bullet list; each item is a list of blocks.
        case bulletList(items: [[Block]])
        /// An ordered list numbered from `start`; each item is a list of blocks.
        case orderedList(start: Int, items: [[Block]])
        /// A block quote and the blocks inside it.
        case blockQuote([Block])
    }
}
