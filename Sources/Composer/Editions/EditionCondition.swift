import MIME
import NewsletterCore

/// What a part of a rendered body depends on, for the copies of one mailing that differ by reader.
///
/// A mailing is rendered once. What only some copies carry (a topic section, the line a reader of
/// only their topics gets) is enclosed in markers: a begin marker naming the condition, and an end
/// marker. The markers are private-use characters that item files may not contain (U+E002 and
/// U+E010…U+E0FF), and they are zero-width for the text body's wrapping. ``PersonalizedBody``'s
/// `.begin(n)`/`.end` segments carry them to the message template, which leaves out, per copy,
/// what the reader's `Edition` does not hold.
package enum EditionCondition: Equatable, Sendable {
    /// Only a copy with just the reader's topics (`{{#personal}}` in a template).
    case personal
    /// Only a whole-issue copy (`{{^personal}}`).
    case whole
    /// Only a copy that carries topic section `n` (0-based, in the mailing's order).
    case section(Int)

    /// The most topic sections one mailing can mark: beyond it, every reader gets the whole issue.
    package static let maximumSections = 0xF0 - 2

    /// The condition's number, as `PersonalizedBody.Segment.begin` carries it.
    package var number: Int {
        switch self {
        case .personal: 0
        case .whole: 1
        case .section(let index): 2 + index
        }
    }

    /// The condition numbered `number`.
    package init(number: Int) {
        switch number {
        case 0: self = .personal
        case 1: self = .whole
        default: self = .section(number - 2)
        }
    }

    /// The marker that opens a part under this condition.
    package var beginMarker: String { String(Character(Unicode.Scalar(UInt32(0xE010 + number))!)) }

    /// The marker that closes the innermost open part.
    package static let endMarker = "\u{E002}"

    /// Whether `scalar` is a begin or end marker.
    package static func isMarker(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0xE002 || (0xE010...0xE0FF).contains(scalar.value)
    }

    /// The condition number a begin marker opens, or `nil` for any other scalar.
    static func beginNumber(_ scalar: Unicode.Scalar) -> Int? {
        (0xE010...0xE0FF).contains(scalar.value) ? Int(scalar.value - 0xE010) : nil
    }
}

extension Edition {
    /// For each condition number of a mailing with `sections` topic sections, whether this copy
    /// carries what it encloses: what the message template asks for each copy.
    package func conditions(sections: Int) -> [Bool] {
        (0..<(2 + min(sections, EditionCondition.maximumSections))).map(holds)
    }

    /// Whether this copy carries what condition number `number` encloses.
    package func holds(_ number: Int) -> Bool {
        switch (self, EditionCondition(number: number)) {
        case (.whole, .personal): false
        case (.whole, _): true
        case (.sections, .personal): true
        case (.sections, .whole): false
        case (.sections(let chosen), .section(let index)): chosen.contains(index)
        }
    }
}
