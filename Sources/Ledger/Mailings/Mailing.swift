import NewsletterCore

/// An issue or alert as the ledger recorded it.
package struct Mailing: Sendable, Equatable {
    /// The row id.
    package var id: Int64
    /// Issue or alert.
    package var kind: Bulletin.Kind
    /// Its number within its kind.
    package var number: Int
    /// The alert's topic.
    package var topic: String?
    /// The date it went out.
    package var date: Day
    /// What was rendered: subject and bodies with recipient placeholders.
    package var rendered: RenderedBulletin
    /// Whether every delivery has reached a final state.
    package var isComplete: Bool
    /// Whether all of its deliveries are recorded; until then none of them is sent.
    package var isRecorded: Bool = true
}

/// Where one delivery stands.
package enum DeliveryState: String, Sendable, CaseIterable {
    /// Not tried yet in this mailing.
    case pending
    /// The server accepted it (final 250).
    case sent
    /// The server said "try later"; the next run tries again.
    case deferred
    /// Refused for good; not retried.
    case failed
    /// Not sent, and never to be: the reader gets only their topics, and none of them has an item
    /// in this mailing. Final; it never counts as lost.
    case skipped
}

/// One recipient's copy of a mailing, still to be delivered.
package struct Delivery: Sendable, Equatable {
    /// The row id.
    package var id: Int64
    /// The recipient.
    package var reader: Reader
    /// How many times a send was tried, over all runs.
    package var attempts: Int
    /// The mailing's edition the reader gets (``Ledger/editions(of:)``); `nil` for the whole issue.
    package var editionNumber: Int? = nil
}

/// The outcome of one delivery attempt, to record.
package struct DeliveryResult: Sendable, Equatable {
    /// The delivery.
    package var deliveryID: Int64
    /// Its new state.
    package var state: DeliveryState
    /// The server's reply or the reason, one line.
    package var reply: String
    /// When set, the address is added to the suppression list with this reason.
    package var suppressionReason: String?

    /// Creates a result.
    package init(
        deliveryID: Int64,
        state: DeliveryState,
        reply: String,
        suppressionReason: String? = nil
    ) {
        self.deliveryID = deliveryID
        self.state = state
        self.reply = reply
        self.suppressionReason = suppressionReason
    }
}
