extension MarkdownDocument {
    /// An inline element of a paragraph, heading or link text.
    ///
    /// Parsed emphasis nests at most sixteen levels; the content of deeper
    /// emphasis joins the sixteenth level.
    package enum Inline: Sendable, Equatable {
        /// Literal text, never markup. Renderers escape it.
        case text(String)
        /// Emphasis (`*em*` or `_em_`), usually italic.
        case emphasis([Inline])
        /// Strong emphasis (`**strong**` or `__strong__`), usually bold.
        case strong([Inline])
        /// A code span; the string is its literal content.
        case code(String)
        /// A link to an `http`, `https` or `mailto` destination.
        ///
        /// The parser only makes links with those schemes; renderers check again and show
        /// `content` alone for any other destination.
        case link(destination: String, title: String?, content: [Inline])
        /// A hard line break.
        case lineBreak
    }
}
