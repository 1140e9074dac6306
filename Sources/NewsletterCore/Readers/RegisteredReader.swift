/// A reader the state database knows besides the subscriber file: one who signed up through the
/// form, or whom an editor added with `subscribers add`.
package struct RegisteredReader: Sendable, Equatable {
    /// Pending until the confirmation's button is pressed.
    package enum State: String, Sendable {
        case pending
        case active
    }

    /// How the reader came to the list.
    package enum Origin: String, Sendable {
        /// The sign-up form of `serve`, with double opt-in.
        case form
        /// An editor, with `subscribers add`.
        case editor
    }

    package var email: String
    package var name: String
    /// The topics the reader chose; `nil` when they did not choose (every topic, or the file's).
    package var topics: [String]?
    /// Whether they chose the whole issue or only their topics; `nil` when they did not choose.
    package var editionChoice: EditionChoice?
    package var state: State
    package var origin: Origin
    /// When they asked, and when they confirmed (ISO 8601 UTC).
    package var askedAt: String
    package var confirmedAt: String?
    /// The consent text shown, the form's address and (only with `recordIP`) the client's address.
    package var consent: String?
    package var form: String?
    package var clientAddress: String?
    /// The generation of the reader's page links (`ManageToken`): 0 until they are first revoked,
    /// then the time (seconds since 1970) of the newest revocation; a link of any other opens nothing.
    package var linksFrom: Int64 = 0
    /// Whether the row only holds the choices of a subscriber file's reader, made on their page:
    /// the reader is on the list only while the file lists them.
    package var onlyChoices = false

    package init(
        email: String,
        name: String,
        topics: [String]?,
        editionChoice: EditionChoice? = nil,
        state: State,
        origin: Origin,
        askedAt: String,
        confirmedAt: String?,
        consent: String?,
        form: String?,
        clientAddress: String?,
        linksFrom: Int64 = 0,
        onlyChoices: Bool = false
    ) {
        self.email = email
        self.name = name
        self.topics = topics
        self.editionChoice = editionChoice
        self.state = state
        self.origin = origin
        self.askedAt = askedAt
        self.confirmedAt = confirmedAt
        self.consent = consent
        self.form = form
        self.clientAddress = clientAddress
        self.linksFrom = linksFrom
        self.onlyChoices = onlyChoices
    }

    /// The reader as a mailing's recipient.
    package var reader: Reader {
        var reader = Reader(email: email, name: name, topics: topics ?? [], editionChoice: editionChoice ?? .whole)
        reader.linkGeneration = linksFrom
        return reader
    }
}

/// A message `serve` owes a reader.
package struct Letter: Sendable, Equatable {
    /// What it says.
    package enum Kind: String, Sendable, CaseIterable {
        /// "Confirm your subscription", with the confirmation link.
        case confirmation
        /// "You are already subscribed", with the reader's own page.
        case alreadyActive = "already"
        /// Everything held about the reader.
        case data
    }

    package var id: Int64
    package var kind: Kind
    package var email: String
    /// The link it carries.
    package var link: String
    /// Tries so far.
    package var attempts: Int

    package init(id: Int64, kind: Kind, email: String, link: String, attempts: Int) {
        self.id = id
        self.kind = kind
        self.email = email
        self.link = link
        self.attempts = attempts
    }
}

/// Everything held about one reader, as their data letter and `subscribers show` give it.
package struct ReaderData: Sendable {
    /// The address.
    package var email: String
    /// What the database holds, when it holds a reader row.
    package var registered: RegisteredReader?
    /// The subscriber file's row, when it has one (`name`, `topics`).
    package var listed: Reader?
    /// The suppression, when the address gets nothing: how (`web`, `hard-bounce`…) and when.
    package var suppression: (kind: String, reason: String, since: String)?
    /// The mailings it was sent, and how each went.
    package var deliveries: [(mailing: String, state: String, at: String?)]

    package init(
        email: String,
        registered: RegisteredReader? = nil,
        listed: Reader? = nil,
        suppression: (kind: String, reason: String, since: String)? = nil,
        deliveries: [(mailing: String, state: String, at: String?)] = []
    ) {
        self.email = email
        self.registered = registered
        self.listed = listed
        self.suppression = suppression
        self.deliveries = deliveries
    }
}
