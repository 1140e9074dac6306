/// What a refusal, a delivery report or a mailed message says about an address: the one word
/// for it, shared by the rule table that judges replies and reports (BounceReports'
/// `RefusalRules`), the findings `bounces` prints, and what the state database records.
package enum BounceKind: String, Sendable, CaseIterable {
    /// A permanent failure on the reader's side (no such user or domain): suppressed at once.
    case hard
    /// A passing trouble on the reader's side (a full mailbox, a delay): suppressed after
    /// `bounces.softLimit` consecutive mailings with one.
    case soft
    /// Refused for a reason on the sender's side (spam, policy, SPF/DKIM/DMARC, reputation…):
    /// recorded and counted, never suppresses the reader.
    case blocked
    /// An ARF abuse report: the reader marked the message as spam; suppressed at once.
    case complaint
    /// A mailed unsubscribe request: suppressed at once.
    case unsubscribe
    /// Nothing to act on: an auto-reply, a success notice, or anything else; never recorded.
    case ignored
}
