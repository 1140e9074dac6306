/// How an address came to be suppressed; stored with each suppression.
package enum SuppressionKind: String, Sendable, CaseIterable {
    /// `newsletter unsubscribe ADDR`.
    case command
    /// The reader's one-click or browser unsubscribe (`newsletter serve`).
    case web
    /// A mailed unsubscribe request (read back by `newsletter bounces`).
    case mail
    /// The server refused the address permanently (5xx to RCPT TO).
    case refused
    /// A hard bounce reported after delivery.
    case hardBounce = "hard-bounce"
    /// Soft bounces in too many consecutive issues.
    case softBounces = "soft-bounces"
    /// The reader reported the message as spam (an ARF complaint).
    case complaint

    /// Whether the reader (or an editor for them) chose to leave: their own new sign-up may undo it,
    /// where a bounce or a complaint stays.
    package var isReadersOwn: Bool { self == .command || self == .web || self == .mail }
}
