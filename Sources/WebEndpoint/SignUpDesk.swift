import Dispatch
import Ledger
import Logging
import NewsletterCore
import Settings
import Signing
import Synchronization

/// Everything behind the sign-up form and the readers' own pages: the checks a request must pass,
/// the state database's side of joining (on its own serial queue, as ``ReaderState``), and the
/// courier that mails what the database owes readers.
package final class SignUpDesk: Sendable {
    /// The `subscribe` settings.
    package let settings: Configuration.Subscribe
    /// The list's topics, as the form offers them.
    package let topics: [String]
    /// The path of `subscribe.url` on this server.
    package let path: String
    let keys: SigningKeys
    let ledger: Ledger
    /// The subscriber file: whether it lists an address (an editor's reader is active without a
    /// sign-up), its row for a reader's data, and erasure.
    let directory: any ReaderDirectory
    let post: any ReaderPost
    let logger: Logger
    /// Seconds since 1970; a test may move it.
    let clock: @Sendable () -> Int64
    private let queue = DispatchQueue(label: "newsletter.readers.signup")
    private let clients: Mutex<ClientCounter>
    private let wakeups = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))

    package init(
        settings: Configuration.Subscribe,
        topics: [String],
        keys: SigningKeys,
        ledger: Ledger,
        directory: any ReaderDirectory,
        post: any ReaderPost,
        logger: Logger,
        clock: @escaping @Sendable () -> Int64
    ) {
        self.settings = settings
        self.topics = topics
        path = ReaderEndpoint.path(of: settings.url)
        self.keys = keys
        self.ledger = ledger
        self.directory = directory
        self.post = post
        self.logger = logger
        self.clock = clock
        clients = Mutex(ClientCounter(limit: settings.perClientPerHour))
    }

    /// The public address of a page under the form's address: `confirm/TOKEN`, `manage/TOKEN`.
    func link(_ tail: String) -> String {
        (settings.url.hasSuffix("/") ? settings.url : settings.url + "/") + tail
    }

    /// The link to the page of the reader `email`.
    package func manageLink(for email: String) -> String {
        link("manage/" + ManageToken.make(for: email.lowercased(), keys: keys))
    }

    // MARK: - Sign-up

    /// What a valid form asked for.
    struct Form: Sendable {
        var email: String
        var name: String
        var topics: [String]
        var stamp: String
        var honeypot: String
    }

    /// Handles a sign-up from `client`: a bot, a client over its limit and every state of the address
    /// get the same answer from the caller; only the ledger's decision differs, and it is counted.
    func signUp(_ form: Form, client: String) async throws(NewsletterError) {
        let now = clock()
        guard form.honeypot.isEmpty, FormStamp.isTimely(form.stamp, now: now, keys: keys) else {
            logger.info("sign-up refused: a bot's form (hidden field or timing)")
            return try await onQueue { [ledger] () throws(NewsletterError) in try ledger.count(.bot, now: now) }
        }
        guard clients.withLock({ $0.admit(client, now: now) }) else {
            logger.info("sign-up refused: \(client) is over its limit this hour")
            return try await onQueue { [ledger] () throws(NewsletterError) in try ledger.count(.clientLimit, now: now) }
        }
        let key = form.email.lowercased()
        var nonce = [UInt8](repeating: 0, count: 12)
        var generator = SystemRandomNumberGenerator()
        for index in nonce.indices { nonce[index] = generator.next() }
        let token = ConfirmationToken(nonce: nonce, issuedAt: now)
        let request = SignUpRequest(
            email: form.email,
            name: form.name,
            topics: form.topics,
            consent: settings.consent,
            form: settings.url,
            clientAddress: settings.recordsClientAddress ? client : nil,
            nonce: token.nonce,
            confirmationLink: link("confirm/" + token.text(for: key, keys: keys)),
            manageLink: manageLink(for: form.email),
            isListed: await isListed(key),
            perHour: settings.perHour,
            now: now
        )
        let outcome = try await onQueue { [ledger] () throws(NewsletterError) -> SignUpOutcome in
            try ledger.signUp(
                request,
                linkLifetime: Int64(Configuration.Subscribe.linkLifetimeSeconds),
                perAddress: Int64(Configuration.Subscribe.perAddressSeconds)
            )
        }
        logger.info("sign-up: \(outcome.rawValue)")
        if outcome == .requested || outcome == .alreadyActive { wakeCourier() }
    }

    /// Whether the subscriber file lists `email`: read on a thread of its own (the file may be long),
    /// never on the database's queue, so that a burst of sign-ups delays no confirmation.
    private func isListed(_ email: String) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { [directory] in
                continuation.resume(returning: directory.listedRow(email) != nil)
            }
        }
    }

    // MARK: - Confirmation

    /// What a confirmation link shows before its button: whether it still works.
    enum LinkState: Sendable, Equatable {
        case valid(email: String)
        case expired
        case unknown
    }

    /// Checks a confirmation link without changing anything.
    func check(confirmation text: String) async throws(NewsletterError) -> LinkState {
        guard let token = ConfirmationToken.parse(text) else { return .unknown }
        let now = clock()
        return try await onQueue { [ledger, keys] () throws(NewsletterError) -> LinkState in
            guard let address = try ledger.signUpAddress(nonce: token.nonce),
                ConfirmationToken.isSigned(text, for: address.emailKey, keys: keys)
            else { return .unknown }
            guard token.issuedAt <= now, now - token.issuedAt <= Int64(Configuration.Subscribe.linkLifetimeSeconds)
            else { return .expired }
            return .valid(email: address.email)
        }
    }

    /// The confirmation button.
    func confirm(_ text: String) async throws(NewsletterError) -> ConfirmationOutcome {
        guard let token = ConfirmationToken.parse(text) else { return .unknown }
        let now = clock()
        let outcome = try await onQueue { [ledger, keys] () throws(NewsletterError) -> ConfirmationOutcome in
            guard let address = try ledger.signUpAddress(nonce: token.nonce),
                ConfirmationToken.isSigned(text, for: address.emailKey, keys: keys)
            else { return .unknown }
            let outcome = try ledger.confirm(
                nonce: token.nonce,
                issuedAt: token.issuedAt,
                now: now,
                lifetime: Int64(Configuration.Subscribe.linkLifetimeSeconds),
                forgottenHash: ErasedAddress.hash(of: address.emailKey, keys: keys)
            )
            if case .confirmed(let email) = outcome {
                try ledger.remember(token: ReaderToken.make(for: address.emailKey, keys: keys), for: email)
            }
            return outcome
        }
        logger.info("confirmation: \(outcome)")
        return outcome
    }

    // MARK: - Queue

    /// Runs `body` on the desk's serial queue: SQLite blocks, Swift's cooperative threads must not.
    func onQueue<T: Sendable>(
        _ body: @escaping @Sendable () throws(NewsletterError) -> T
    ) async throws(NewsletterError)
        -> T
    {
        let result: Result<T, NewsletterError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(NewsletterError) { continuation.resume(returning: .success(try body())) } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    // MARK: - Courier

    /// Mails the letters the database owes until the task is cancelled: at once when a sign-up
    /// queues one, and every few seconds for those a relay could not take (retried with backoff).
    package func runCourier() async {
        let now = clock()
        try? await onQueue { [ledger] () throws(NewsletterError) in
            try ledger.purgeExpiredSignUps(now: now, lifetime: Int64(Configuration.Subscribe.linkLifetimeSeconds))
        }
        wakeCourier()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [wakeups] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(5))
                    wakeups.continuation.yield()
                }
            }
            for await _ in wakeups.stream {
                guard !Task.isCancelled else { break }
                await deliverDueLetters()
            }
            group.cancelAll()
        }
    }

    /// Makes the courier look at the letters now (wake-ups that come while it works count once).
    func wakeCourier() { wakeups.continuation.yield() }

    /// Sends every letter that is due, a batch at a time. A relay that cannot be reached ends the
    /// pass after one try (the others would fail alike): one warning, and the courier's next
    /// wake-up tries again.
    private func deliverDueLetters() async {
        while !Task.isCancelled {
            let now = clock()
            let letters =
                (try? await onQueue { [ledger] () throws(NewsletterError) in try ledger.dueLetters(now: now) }) ?? []
            for letter in letters {
                let outcome = await send(letter)
                _ = try? await onQueue { [ledger] () throws(NewsletterError) in
                    try Self.record(outcome, of: letter, now: now, ledger: ledger)
                }
                switch outcome {
                case .failure(let error) where error.code == .unavailable:
                    logger.warning("letters wait: \(error); trying again in a few seconds")
                    return
                case .failure(let error):
                    logger.warning("\(letter.kind.rawValue) letter not sent: \(error)")
                case .success:
                    continue
                }
            }
            if letters.count < Ledger.letterBatch { return }
        }
    }

    /// Renders and sends `letter` on a thread of its own (SMTP blocks).
    private func send(_ letter: Letter) async -> Result<Void, NewsletterError> {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { [self] in
                do throws(NewsletterError) {
                    var data = try ledger.readerData(letter.email)
                    data.listed = directory.listedRow(letter.email)
                    try post.send(letter, reader: data)
                    continuation.resume(returning: .success(()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
    }

    /// Forgets a letter that went out or never can; postpones one the relay could not take now:
    /// 5 s, 20 s, 80 s, … at most 6 hours, dropped after 12 tries (about two days).
    private static func record(
        _ outcome: Result<Void, NewsletterError>,
        of letter: Letter,
        now: Int64,
        ledger: Ledger
    ) throws(NewsletterError) {
        switch outcome {
        case .failure(let error) where error.code == .unavailable || error.code == .temporaryFailure:
            if letter.attempts >= 12 {
                try ledger.finishLetter(letter.id)
            } else {
                try ledger.postponeLetter(
                    letter.id,
                    retryAt: now + min(Int64(5) << min(2 * Int64(letter.attempts), 24), 6 * 3600)
                )
            }
        case .success, .failure:
            try ledger.finishLetter(letter.id)
        }
    }
}

/// Sign-ups per client address in the current hour: a fixed window, reset on the hour, bounded in
/// size (a flood of client addresses forgets the oldest hour's, never grows without end).
struct ClientCounter: Sendable {
    var limit: Int
    private var hour: Int64 = 0
    private var counts: [String: Int] = [:]

    init(limit: Int) { self.limit = limit }

    /// Counts a sign-up from `client`; whether it is within the limit.
    mutating func admit(_ client: String, now: Int64) -> Bool {
        if now / 3600 != hour || counts.count > 100_000 {
            hour = now / 3600
            counts.removeAll(keepingCapacity: true)
        }
        counts[client, default: 0] += 1
        return counts[client]! <= limit
    }
}
