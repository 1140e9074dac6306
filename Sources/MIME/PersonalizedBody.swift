/// A message body with holes for per-recipient values, such as a greeting
/// name or an unsubscribe link.
///
/// `[.literal("Hello "), .slot(0), .literal(",\n…")]` is "Hello ", then
/// value 0, then the rest. Line breaks may be LF or CRLF; they go out as CRLF.
package struct PersonalizedBody: Sendable, Equatable {
    /// One piece of the body.
    package enum Segment: Sendable, Equatable {
        /// Text that is the same for every recipient.
        case literal(String)
        /// The recipient's value number `n` (an index into the values passed to
        /// ``MessageTemplate/render(headers:textValues:htmlValues:)``).
        case slot(Int)
    }

    /// The pieces, in order.
    package var segments: [Segment]

    /// Creates a body from its pieces.
    package init(segments: [Segment]) {
        self.segments = segments
    }

    /// Creates a body from its pieces.
    package init(_ segments: Segment...) {
        self.segments = segments
    }
}
