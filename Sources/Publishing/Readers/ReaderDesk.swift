import Composer
import Dispatch
import Ledger
import Logging
import NewsletterCore
import Settings
import Signing

/// What a reader does by themselves, through `serve`: signs up, confirms, chooses their topics and
/// edition, unsubscribes, asks for their data, erases it; and the courier that mails the letters
/// the database owes them (``LetterCourier``).
///
/// The web endpoint calls it as the command line calls ``Publisher``: it keeps HTTP, the pages and
/// the per-client counters; every rule lives here. The state database's work runs on the desk's
/// own serial queue, never on Swift's few cooperative threads (SQLite blocks). The subscriber file
/// and the mail come in through ports: ``ReaderDirectory`` and ``MailingTransport``.
package final class ReaderDesk: Sendable {
    /// The `subscribe` settings.
    package let settings: Configuration.Subscribe
    /// The list's topics, as the form and the reader's page offer them.
    package let topics: [String]
    /// The list's keys: every link a reader gets is signed with them.
    package let keys: SigningKeys
    /// The time now; a test may move it.
    package let clock: Clock
    /// Mails what the database owes readers.
    package let courier: LetterCourier
    let ledger: Ledger
    /// The subscriber file: whether it lists an address (an editor's reader is active without a
    /// sign-up), its row for a reader's page and data, and erasure.
    let directory: any ReaderDirectory
    let logger: Logger
    /// The form stamps used: each form is good for one sign-up.
    let stamps: FormStampBook
    /// Refusals counted in memory, written once a minute.
    let tally: SignUpTally
    private let queue = DispatchQueue(label: "newsletter.readers.desk")

    /// The desk of `configuration`'s list, which takes sign-ups (`subscribe`) and has a secret.
    package init(
        settings: Configuration.Subscribe,
        topics: [String],
        keys: SigningKeys,
        ledger: Ledger,
        directory: any ReaderDirectory,
        courier: LetterCourier,
        clock: Clock = .system,
        logger: Logger
    ) {
        self.settings = settings
        self.topics = topics
        self.keys = keys
        self.ledger = ledger
        self.directory = directory
        self.courier = courier
        self.clock = clock
        self.logger = logger
        stamps = FormStampBook(startedAt: clock.now - FormStamp.mostSeconds)
        tally = SignUpTally(now: clock.now)
    }

    /// The public address of a page under the form's address: `confirm/TOKEN`, `manage/TOKEN`.
    func link(_ tail: String) -> String {
        (settings.url.hasSuffix("/") ? settings.url : settings.url + "/") + tail
    }

    /// The link to the page of the reader `email` whose links are of `generation` (``Reader/linkGeneration``).
    package func manageLink(for email: String, generation: Int64) -> String {
        link("manage/" + ManageToken.make(for: email.lowercased(), generation: generation, keys: keys))
    }

    /// The link to the page of the reader `email`, of the generation the database keeps for them.
    package func pageLink(for email: String) async throws(NewsletterError) -> String {
        let generation = try await onQueue { [ledger] () throws(NewsletterError) in
            try ledger.registeredReader(email)?.linksFrom ?? 0
        }
        return manageLink(for: email, generation: generation)
    }

    /// The stamp the sign-up form carries, which tells a person's form from a bot's.
    package func formStamp() -> String {
        FormStamp.make(at: clock.now, keys: keys)
    }

    /// Runs `body` on the desk's serial queue: SQLite blocks, Swift's cooperative threads must not.
    func onQueue<T: Sendable>(
        _ body: @escaping @Sendable () throws(NewsletterError) -> T
    ) async throws(NewsletterError) -> T {
        try await Self.run(on: queue, body)
    }

    /// Runs `body` on a thread of its own, never the desk's queue nor a cooperative thread: the
    /// subscriber file's lookups (which may read the file) delay no confirmation.
    func offQueue<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: body()) }
        }
    }

    /// ``offQueue(_:)`` for work that may fail.
    func offQueue<T: Sendable>(
        _ body: @escaping @Sendable () throws(NewsletterError) -> T
    ) async throws(NewsletterError) -> T {
        try await Self.run(on: DispatchQueue.global(), body)
    }

    /// Reads the subscriber file into its index now, on a thread of its own (`serve` calls it when
    /// it starts), so that the first reader waits for nothing.
    package func warmUp() {
        DispatchQueue.global().async { [directory] in _ = directory.listedRow("") }
    }

    /// Writes the refusals counted in memory once a minute until the task is cancelled (`serve`
    /// runs it beside the server), so that `status` is never more than a minute behind.
    package func flushCountsEveryMinute() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(SignUpTally.flushSeconds))
            await flushCounts()
        }
    }

    /// Writes the refusals counted in memory (``SignUpTally``) to the state database: `serve` calls
    /// it when it stops.
    package func flushCounts() async {
        guard let due = tally.drain() else { return }
        try? await onQueue { [ledger] () throws(NewsletterError) in try ledger.count(due.counts, now: due.at) }
    }

    /// Runs `body` on `queue` and returns its result to the awaiting task.
    static func run<T: Sendable>(
        on queue: DispatchQueue,
        _ body: @escaping @Sendable () throws(NewsletterError) -> T
    ) async throws(NewsletterError) -> T {
        let result: Result<T, NewsletterError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(NewsletterError) { continuation.resume(returning: .success(try body())) } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
