import MIME
import NewsletterCore

/// A value that differs from one recipient to the next, left as a hole in the rendered bodies.
///
/// Bodies are rendered once per mailing, with a placeholder for each of these; the MIME layer fills
/// the holes per recipient (see ``PersonalizedBody``), so that sending to 40,000 readers does not
/// render 40,000 templates. The placeholders use private-use characters that item files may not contain.
package enum RecipientField: Int, Sendable, CaseIterable {
    /// The recipient's address (`{{email}}`).
    case email
    /// The recipient's name, possibly empty (`{{recipientName}}`).
    case name
    /// The personalised unsubscribe page (`{{unsubscribeURL}}`).
    case unsubscribeURL
    /// The reader's own page (`{{manageURL}}`), for a list that takes sign-ups; empty otherwise.
    case manageURL
    /// The topics of a copy with only the reader's topics, "Online safety and Early years"
    /// (`{{personalTopics}}`); empty in a whole copy.
    case personalTopics
    /// Such a copy's preheader, "3 new items in Online safety and Early years" (in `{{preheader}}`).
    case personalPreheader
    /// Such a copy's number of items (in `{{itemCount}}`).
    case personalItemCount

    /// The placeholder the templates see instead of the value.
    package var placeholder: String { "\u{E000}\(rawValue)\u{E001}" }
}

extension PersonalizedBody {
    /// Splits a rendered body at its ``RecipientField`` placeholders and its ``EditionCondition``
    /// markers.
    package init(rendered: String) {
        var segments: [Segment] = []
        var literal = String.UnicodeScalarView()
        func endLiteral() {
            if !literal.isEmpty { segments.append(.literal(String(literal))) }
            literal = String.UnicodeScalarView()
        }
        var scalars = rendered.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            if scalar == "\u{E000}", let close = scalars.firstIndex(of: "\u{E001}"),
                let index = Int(String(scalars[..<close])), RecipientField(rawValue: index) != nil
            {
                endLiteral()
                segments.append(.slot(index))
                scalars = scalars[scalars.index(after: close)...]
            } else if let condition = EditionCondition.beginNumber(scalar) {
                endLiteral()
                segments.append(.begin(condition))
            } else if scalar.value == 0xE002 {
                endLiteral()
                segments.append(.end)
            } else {
                literal.append(scalar)
            }
        }
        endLiteral()
        self.init(segments: segments)
    }

    /// The body `edition` carries, without conditions: what a preview or the web archive shows.
    package func selecting(_ edition: Edition) -> PersonalizedBody { selecting(edition.holds) }
}
