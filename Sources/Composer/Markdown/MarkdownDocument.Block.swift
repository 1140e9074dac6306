extension MarkdownDocument {
    /// A block-level element of a ``MarkdownDocument``.
    ///
    /// Containers (list items, block quotes) nest at most eight levels
    /// when parsed; deeper markers stay paragraph text.
    package enum Block: Sendable, Equatable {
        /// A paragraph: consecutive non-blank lines, soft line breaks already turned into spaces.
        case paragraph([Inline])
        /// An ATX heading of `level` 1 to 6. Renderers show it as strong text, not as `<h1>`…`<h6>`.
        case heading(level: Int, content: [Inline])
        /// A bullet list; each item is a list of blocks.
        case bulletList(items: [[Block]])
        /// An ordered list numbered from `start`; each item is a list of blocks.
        case orderedList(start: Int, items: [[Block]])
        /// A block quote and the blocks inside it.
        case blockQuote([Block])
    }
}
