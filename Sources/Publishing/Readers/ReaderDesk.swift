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
    }

    /// The public address of a page under the form's address: `confirm/TOKEN`, `manage/TOKEN`.
    func link(_ tail: String) -> String {
        (settings.url.hasSuffix("/") ? settings.url : settings.url + "/") + tail
    }

    /// The link to the page of the reader `email`.
    package func manageLink(for email: String) -> String {
        link("manage/" + ManageToken.make(for: email.lowercased(), keys: keys))
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
