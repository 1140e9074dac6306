import MIME
import NewsletterCore
import TextBasics

/// What one report says about one address.
package struct BounceFinding: Sendable, Equatable {
    /// The kind, as the contract's `bounces --dry-run` lines name it.
    package var kind: BounceKind
    /// The address concerned (a DSN's `Original-Recipient`, else its `Final-Recipient`; the failed
    /// address of a bounce text; the complained `Original-Rcpt-To`), or `nil` when the report names none.
    package var address: String?
    /// A DSN's `Final-Recipient` when it differs from its `Original-Recipient` (a forward or an alias).
    package var finalAddress: String?
    /// The RFC 3463 status (`5.1.1`), or `nil`.
    package var status: String?
    /// One line of diagnosis (the remote server's text, the feedback type, why it was ignored).
    package var detail: String
    /// The name of the ``RefusalRules`` rule that decided a failure's class, for `bounces --explain`.
    package var rule: String? = nil

    /// A finding.
    package init(
        kind: BounceKind,
        address: String? = nil,
        finalAddress: String? = nil,
        status: String? = nil,
        detail: String
    ) {
        self.kind = kind
        self.address = address
        self.finalAddress = finalAddress
        self.status = status
        self.detail = detail
    }
}

/// Everything read from one report message.
package struct BounceReport: Sendable {
    /// Identifies the report for idempotent recording: its `Message-ID`, else a digest of its bytes.
    package var identity: String
    /// What it says, one finding per address (at least one; an ignored message has one `ignored`).
    package var findings: [BounceFinding]
    /// The VERP tokens found in the addresses it was sent to, or in the quoted original's `Return-Path`.
    package var verpTokens: [String]
    /// The reader tokens found in a mailed unsubscribe's subject or body.
    package var unsubscribeTokens: [String]
    /// The address in its `From:`.
    package var sender: String?
    /// The list's Message-IDs it quotes (`<…@list-domain>`, lower-cased), at most 20: what proves,
    /// without a VERP token, that it answers a message the list sent.
    package var quotedMessageIDs: [String] = []
    /// Why the message could not be read as a mail message at all, or `nil`.
    package var problem: String? = nil
}
