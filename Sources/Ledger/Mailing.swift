import Composer

/// An issue or alert as the ledger recorded it.
public struct Mailing: Sendable, Equatable {
    /// The row id.
    public var id: Int64
    /// Issue or alert.
    public var kind: Bulletin.Kind
    /// Its number within its kind.
    public var number: Int
    /// The alert's topic.
    public var topic: String?
    /// The date it went out.
    public var date: Day
    /// What was rendered: subject and bodies with recipient placeholders.
    public var rendered: RenderedBulletin
    /// Whether every delivery has reached a final state.
    public var isComplete: Bool
}

/// Where one delivery stands.
public enum DeliveryState: String, Sendable, CaseIterable, Comparable {
    /// Not tried yet in this mailing.
    case pending
    /// The server accepted it (final 250).
    case sent
    /// The server said "try later"; the next run tries again.
    case deferred
    /// Refused for good; not retried.
    case failed

    public static func < (lhs: DeliveryState, rhs: DeliveryState) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One recipient's copy of a mailing, still to be delivered.
public struct Delivery: Sendable, Equatable {
    /// The row id.
    public var id: Int64
    /// The recipient.
    public var subscriber: Subscriber
    /// How many times a send was tried, over all runs.
    public var attempts: Int
}

/// The outcome of one delivery attempt, to record.
public struct DeliveryResult: Sendable, Equatable {
    /// The delivery.
    public var deliveryID: Int64
    /// Its new state.
    public var state: DeliveryState
    /// The server's reply or the reason, one line.
    public var reply: String
    /// The Message-ID of the copy sent.
    public var messageID: String?
    /// When set, the address is added to the suppression list with this reason.
    public var suppressionReason: String?

    /// Creates a result.
    public init(deliveryID: Int64, state: DeliveryState, reply: String, messageID: String? = nil, suppressionReason: String? = nil) {
        self.deliveryID = deliveryID
        self.state = state
        self.reply = reply
        self.messageID = messageID
        self.suppressionReason = suppressionReason
    }
}
