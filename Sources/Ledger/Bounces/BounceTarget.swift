import NewsletterCore

/// The delivery (or, for a mailed unsubscribe, the reader) a finding is about.
///
/// Decoded from the `id`, `mailingId`, `emailKey` and `email` columns of a `delivery` row.
package struct BounceTarget: Sendable, Equatable, Decodable {
    /// The delivery row, when the finding is about one copy.
    package var deliveryID: Int64?
    /// The mailing of that delivery.
    package var mailingID: Int64?
    /// The address in lower case.
    package var emailKey: String
    /// The address as the list has it.
    package var email: String

    private enum CodingKeys: String, CodingKey {
        case deliveryID = "id"
        case mailingID = "mailingId"
        case emailKey, email
    }

    /// A target.
    package init(deliveryID: Int64?, mailingID: Int64?, emailKey: String, email: String) {
        self.deliveryID = deliveryID
        self.mailingID = mailingID
        self.emailKey = emailKey
        self.email = email
    }
}

/// What recording one finding did.
package enum BounceRecording: Sendable, Equatable {
    /// Recorded now; the address was suppressed with this kind, or (`nil`) not (yet).
    case recorded(suppressed: SuppressionKind?)
    /// This report's finding for this address was recorded before: nothing changed.
    case alreadyRecorded
}

/// The bounce findings of one mailing, by kind.
package struct BounceCounts: Sendable, Equatable {
    /// Hard bounces.
    package var hard = 0
    /// Soft bounces.
    package var soft = 0
    /// Complaints.
    package var complaints = 0
    /// Refusals for the sender's side.
    package var blocked = 0

    /// Counts.
    package init(hard: Int = 0, soft: Int = 0, complaints: Int = 0, blocked: Int = 0) {
        self.hard = hard
        self.soft = soft
        self.complaints = complaints
        self.blocked = blocked
    }
}
