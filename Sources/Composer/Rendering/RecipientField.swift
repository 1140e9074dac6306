import MIME

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

    /// The placeholder the templates see instead of the value.
    package var placeholder: String { "\u{E000}\(rawValue)\u{E001}" }
}

extension PersonalizedBody {
    /// Splits a rendered body at its ``RecipientField`` placeholders.
    package init(rendered: String) {
        var segments: [Segment] = []
        var rest = Substring(rendered)
        while let open = rest.firstIndex(of: "\u{E000}") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "\u{E001}"),
                let index = Int(rest[afterOpen..<close]),
                RecipientField(rawValue: index) != nil
            else { break }
            if open > rest.startIndex { segments.append(.literal(String(rest[..<open]))) }
            segments.append(.slot(index))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { segments.append(.literal(String(rest))) }
        self.init(segments: segments)
    }
}
