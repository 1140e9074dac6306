/// A message body with holes for per-recipient values, such as a greeting
/// name or an unsubscribe link.
///
/// `[.literal("Hello "), .slot(0), .literal(",\n…")]` is "Hello ", then
/// value 0, then the rest. Line breaks may be LF or CRLF; they go out as CRLF.
///
/// `.begin(n)` … `.end` encloses what only some copies carry: the copies for which condition
/// `n` holds (a personal issue's topic sections, say). They nest; every `.begin` has its `.end`.
package struct PersonalizedBody: Sendable, Equatable {
    /// One piece of the body.
    package enum Segment: Sendable, Equatable {
        /// Text that is the same for every recipient.
        case literal(String)
        /// The recipient's value number `n` (an index into the values passed to
        /// ``MessageTemplate/render(headers:textValues:htmlValues:holding:)``).
        case slot(Int)
        /// What follows, up to the matching ``end``, is in a copy only when condition `n` holds.
        case begin(Int)
        /// Closes the innermost ``begin(_:)``.
        case end
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

    /// The body one copy carries: what sits inside a ``Segment/begin(_:)`` whose condition
    /// `holds` rejects is dropped, and no `.begin` or `.end` is left.
    package func selecting(_ holds: (Int) -> Bool) -> PersonalizedBody {
        var kept: [Segment] = []
        var skippedDepth = 0
        for segment in segments {
            switch segment {
            case .begin(let condition):
                if skippedDepth > 0 || !holds(condition) { skippedDepth += 1 }
            case .end:
                if skippedDepth > 0 { skippedDepth -= 1 }
            case .literal, .slot:
                if skippedDepth == 0 { kept.append(segment) }
            }
        }
        return PersonalizedBody(segments: kept)
    }
}
