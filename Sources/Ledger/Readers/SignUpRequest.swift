import NewsletterCore

/// A sign-up to record, with both links the answer may need already made (the ledger cannot sign).
package struct SignUpRequest: Sendable {
    package var email: String
    package var name: String
    package var topics: [String]
    /// The consent text the form showed, and the form's address.
    package var consent: String
    package var form: String
    /// The client's address, to record (only with `recordIP`).
    package var clientAddress: String?
    /// This request's nonce (hex), and the confirmation link that carries it.
    package var nonce: String
    package var confirmationLink: String
    /// The reader's own page, for "you are already subscribed".
    package var manageLink: String
    /// Now, in seconds since 1970.
    package var now: Int64

    package init(
        email: String,
        name: String,
        topics: [String],
        consent: String,
        form: String,
        clientAddress: String?,
        nonce: String,
        confirmationLink: String,
        manageLink: String,
        now: Int64
    ) {
        self.email = email
        self.name = name
        self.topics = topics
        self.consent = consent
        self.form = form
        self.clientAddress = clientAddress
        self.nonce = nonce
        self.confirmationLink = confirmationLink
        self.manageLink = manageLink
        self.now = now
    }
}

/// What became of a sign-up; each outcome is counted by the hour for `status` under its raw value.
package enum SignUpOutcome: String, Sendable, CaseIterable {
    /// A confirmation message is on its way.
    case requested
    /// The address is active: a short "you are already subscribed" message is on its way.
    case alreadyActive = "already"
    /// A reader pressed the confirmation button.
    case confirmed
    /// A pending sign-up expired unconfirmed and was purged.
    case expired
    /// Refused: the address had a message in the last 24 hours.
    case addressLimit = "refused-address"
    /// Refused: the client sent too many sign-ups this hour.
    case clientLimit = "refused-client"
    /// Refused: the list sent its hourly cap of messages.
    case listLimit = "refused-list"
    /// Refused: the address bounced hard or complained.
    case bounced = "refused-bounced"
    /// Refused: a bot (the hidden field filled, or the form sent back too fast or too late).
    case bot = "refused-bot"
    /// Refused: a form sent from another site's page (its `Origin` or `Sec-Fetch-Site`).
    case crossSite = "refused-cross-site"
}

/// What the confirmation button did.
package enum ConfirmationOutcome: Sendable, Equatable {
    /// The reader is active now.
    case confirmed(email: String)
    /// No pending sign-up has this link: used already, replaced by a newer one, or never issued.
    case unknown
    /// The link is older than seven days.
    case expired
    /// The reader unsubscribed (or bounced, or complained) after the link was issued: it changes nothing.
    case unsubscribedSince
}

extension ConfirmationOutcome {
    /// The outcome as the log shows it: never the address.
    package var logged: String {
        switch self {
        case .confirmed: "confirmed"
        case .unknown: "unknown link"
        case .expired: "expired link"
        case .unsubscribedSince: "unsubscribed since the link was issued"
        }
    }
}
