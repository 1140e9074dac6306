import Dispatch
import Ledger
import NewsletterCore
import Settings
import Signing

extension ReaderDesk {
    /// What a sign-up form asked for, its address and name already checked for shape.
    package struct SignUpForm: Sendable {
        package var email: String
        package var name: String
        /// The list's topics the reader ticked.
        package var topics: [String]
        /// The form's stamp (``formStamp()``) and its hidden field, which only a bot fills.
        package var stamp: String
        package var honeypot: String

        package init(email: String, name: String, topics: [String], stamp: String, honeypot: String) {
            self.email = email
            self.name = name
            self.topics = topics
            self.stamp = stamp
            self.honeypot = honeypot
        }
    }

    /// Handles a sign-up from `client` (an address, recorded only with `recordIP`) and returns what
    /// became of it; every outcome is counted for `status`. The caller answers every one alike, so
    /// that the form tells nobody who is on the list.
    ///
    /// A bot's form (the hidden field filled; a stamp too fresh, too old, forged, or used before)
    /// sends nothing; then `admit`, the caller's per-client counter, may refuse a client over its
    /// limit. Otherwise the database's facts about the address decide
    /// (``decide(_:isListed:now:perHour:)``) in the sign-up's own transaction, and a letter it owes
    /// wakes the courier. Refusals before the database are counted in memory (``SignUpTally``).
    /// Nothing about the address or the client goes to the log.
    @discardableResult
    package func signUp(
        _ form: SignUpForm,
        client: String,
        admit: (_ client: String, _ now: Int64) -> Bool = { _, _ in true }
    ) async throws(NewsletterError) -> SignUpOutcome {
        let now = clock.now
        guard form.honeypot.isEmpty, let stamp = FormStamp.timely(form.stamp, now: now, keys: keys),
            stamps.take(stamp, now: now)
        else {
            logger.info("sign-up refused: a bot's form (hidden field, timing or a stamp used before)")
            try await count(refusal: .bot, now: now)
            return .bot
        }
        guard admit(client, now) else {
            logger.info("sign-up refused: the client or its network is over its limit this hour")
            try await count(refusal: .clientLimit, now: now)
            return .clientLimit
        }
        // A reader the file lists keeps the file's spelling (one mailbox, one key: see AddressKey).
        let formEmail = form.email
        let listed = await offQueue { [directory] in directory.listedRow(formEmail) }
        var form = form
        if let listed { form.email = listed.email }
        let isListed = listed != nil
        let request = signUpRequest(form, client: client, manageLink: try await pageLink(for: form.email), now: now)
        let perHour = settings.perHour
        let outcome = try await onQueue { [ledger] () throws(NewsletterError) -> SignUpOutcome in
            try ledger.signUp(request, linkLifetime: Int64(Configuration.Subscribe.linkLifetimeSeconds)) { facts in
                Self.decide(facts, isListed: isListed, now: now, perHour: perHour)
            }
        }
        logger.info("sign-up: \(outcome.rawValue)")
        if outcome == .requested || outcome == .alreadyActive { courier.wake() }
        return outcome
    }

    /// The sign-up rules, from what the database knows of the address:
    ///
    /// 1. A bounced or complaining address gets nothing (`.bounced`); one that chose to leave may
    ///    come back.
    /// 2. At most one letter per address in `Configuration.Subscribe.perAddressSeconds` (`.addressLimit`).
    /// 3. At most `perHour` letters of every kind for the whole list in an hour, and no more than
    ///    `perHour` waiting for the relay (`.listLimit`).
    /// 4. An active reader (a confirmed one, or the subscriber file's row with no sign-up of its
    ///    own), not suppressed, gets "you are already subscribed" (`.alreadyActive`).
    /// 5. Anyone else (new, pending, or unsubscribed by their own choice) gets a confirmation letter
    ///    (`.requested`); they are active only once they press its button.
    package static func decide(_ facts: SignUpFacts, isListed: Bool, now: Int64, perHour: Int) -> SignUpOutcome {
        if facts.isSuppressed && !facts.suppressionIsReadersOwn { return .bounced }
        if let last = facts.lastLetterAt, last > now - Int64(Configuration.Subscribe.perAddressSeconds) {
            return .addressLimit
        }
        if facts.lettersInLastHour >= perHour || facts.queuedLetters >= perHour { return .listLimit }
        let isActive = facts.readerState == .active || (facts.readerState == nil && isListed)
        return isActive && !facts.isSuppressed ? .alreadyActive : .requested
    }

    /// Counts a sign-up refused before the database was asked, in memory (``SignUpTally``).
    package func count(refusal outcome: SignUpOutcome, now: Int64) async throws(NewsletterError) {
        guard let due = tally.add(outcome, now: now) else { return }
        try await onQueue { [ledger] () throws(NewsletterError) in try ledger.count(due.counts, now: due.at) }
    }

    /// The request to record: a fresh nonce, the confirmation link that carries it, and the
    /// reader's own page for "you are already subscribed".
    private func signUpRequest(_ form: SignUpForm, client: String, manageLink: String, now: Int64) -> SignUpRequest {
        var nonce = [UInt8](repeating: 0, count: 12)
        var generator = SystemRandomNumberGenerator()
        for index in nonce.indices { nonce[index] = generator.next() }
        let token = ConfirmationToken(nonce: nonce, issuedAt: now)
        return SignUpRequest(
            email: form.email,
            name: form.name,
            topics: form.topics,
            consent: settings.consent,
            form: settings.url,
            clientAddress: settings.recordsClientAddress ? client : nil,
            nonce: token.nonce,
            confirmationLink: link("confirm/" + token.text(for: form.email.lowercased(), keys: keys)),
            manageLink: manageLink,
            now: now
        )
    }

    // MARK: - Confirmation

    /// What a confirmation link shows before its button: whether it still works.
    package enum LinkState: Sendable, Equatable {
        case valid(email: String)
        case expired
        case unknown
    }

    /// Checks a confirmation link without changing anything.
    package func check(confirmation text: String) async throws(NewsletterError) -> LinkState {
        guard let token = ConfirmationToken.parse(text) else { return .unknown }
        let now = clock.now
        return try await onQueue { [ledger, keys] () throws(NewsletterError) -> LinkState in
            guard let address = try ledger.signUpAddress(nonce: token.nonce),
                ConfirmationToken.isSigned(text, for: address.emailKey, keys: keys)
            else { return .unknown }
            return Self.isTimely(token, now: now) ? .valid(email: address.email) : .expired
        }
    }

    /// The confirmation button: a genuine, unexpired link of the newest request makes its reader active.
    package func confirm(_ text: String) async throws(NewsletterError) -> ConfirmationOutcome {
        guard let token = ConfirmationToken.parse(text) else { return .unknown }
        let now = clock.now
        let outcome = try await onQueue { [ledger, keys] () throws(NewsletterError) -> ConfirmationOutcome in
            guard let address = try ledger.signUpAddress(nonce: token.nonce),
                ConfirmationToken.isSigned(text, for: address.emailKey, keys: keys)
            else { return .unknown }
            guard Self.isTimely(token, now: now) else { return .expired }
            let outcome = try ledger.confirm(
                nonce: token.nonce,
                issuedAt: token.issuedAt,
                now: now,
                erasedHash: ErasedAddress.hash(of: address.emailKey, keys: keys)
            )
            if case .confirmed(let email) = outcome {
                try ledger.remember(token: ReaderToken.make(for: address.emailKey, keys: keys), for: email)
            }
            return outcome
        }
        logger.info("confirmation: \(outcome.logged)")
        return outcome
    }

    /// Whether a confirmation link issued at the token's time still holds at `now`.
    private static func isTimely(_ token: ConfirmationToken, now: Int64) -> Bool {
        token.issuedAt <= now && now - token.issuedAt <= Int64(Configuration.Subscribe.linkLifetimeSeconds)
    }
}
