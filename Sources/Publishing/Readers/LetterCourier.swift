import Composer
import Dispatch
import Ledger
import Logging
import NewsletterCore
import Settings
import Synchronization

/// Mails the letters the state database owes readers (a confirmation, "you are already
/// subscribed", their data): at once when the readers' desk queues one, and every few seconds for
/// those a relay could not take, retried with backoff.
///
/// Each letter is rendered from the list's templates and signed (``ReaderLetterFactory``), then
/// handed to the mail port (``MailingTransport/sendLetter(_:to:)``).
package final class LetterCourier: Sendable {
    private let ledger: Ledger
    private let letters: ReaderLetterFactory
    private let transport: any MailingTransport
    private let directory: any ReaderDirectory
    private let clock: Clock
    private let logger: Logger
    private let queue = DispatchQueue(label: "newsletter.readers.courier")
    private let wakeups = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    /// Set when the courier's task is cancelled: a pass under way ends after the letter in hand.
    private let isStopped = Mutex(false)

    /// The most tries a letter gets (about two days with the backoff) before it is dropped.
    package static let maximumAttempts = 12

    package init(
        ledger: Ledger,
        letters: ReaderLetterFactory,
        transport: any MailingTransport,
        directory: any ReaderDirectory,
        clock: Clock = .system,
        logger: Logger
    ) {
        self.ledger = ledger
        self.letters = letters
        self.transport = transport
        self.directory = directory
        self.clock = clock
        self.logger = logger
    }

    /// Mails the letters due until the task is cancelled; purges expired sign-ups when it starts.
    package func run() async {
        await withTaskCancellationHandler {
            await deliverUntilCancelled()
        } onCancel: {
            isStopped.withLock { $0 = true }
        }
    }

    private func deliverUntilCancelled() async {
        let now = clock.now
        try? await ReaderDesk.run(on: queue) { [ledger] () throws(NewsletterError) in
            try ledger.purgeExpiredSignUps(now: now, lifetime: Int64(Configuration.Subscribe.linkLifetimeSeconds))
        }
        wake()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [wakeups] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(5))
                    wakeups.continuation.yield()
                }
            }
            for await _ in wakeups.stream {
                guard !Task.isCancelled else { break }
                try? await ReaderDesk.run(on: queue) { [self] () throws(NewsletterError) in deliverDueLetters() }
            }
            group.cancelAll()
        }
    }

    /// Makes the courier look at the letters now (wake-ups that come while it works count once).
    package func wake() { wakeups.continuation.yield() }

    /// Sends every letter that is due, a batch at a time; blocks (SMTP). A relay that cannot be
    /// reached ends the pass after one try (the others would fail alike): one warning, and the
    /// next wake-up tries again. A cancelled courier stops after the letter in hand.
    package func deliverDueLetters() {
        while !isStopped.withLock({ $0 }) {
            let now = clock.now
            let due = (try? ledger.dueLetters(now: now)) ?? []
            for letter in due {
                guard !isStopped.withLock({ $0 }) else { return }
                let outcome = send(letter)
                try? record(outcome, of: letter, now: now)
                switch outcome {
                case .failure(let error) where error.code == .unavailable:
                    logger.warning("letters wait: \(error); trying again in a few seconds")
                    return
                case .failure(let error):
                    // A relay's reply may quote the address, in any spelling: the log never holds one.
                    let reason = "\(error)".replacing(#/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/#, with: "(an address)")
                    logger.warning("\(letter.kind.rawValue) letter not sent: \(reason)")
                case .success:
                    continue
                }
            }
            if due.count < Ledger.letterBatch { return }
        }
    }

    /// Renders and sends `letter`.
    private func send(_ letter: Letter) -> Result<Void, NewsletterError> {
        do throws(NewsletterError) {
            var data = try ledger.readerData(letter.email)
            data.listed = directory.listedRow(letter.email)
            _ = try transport.sendLetter(try letters.message(for: letter, data: data), to: letter.email)
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    /// Forgets a letter that went out or never can; postpones one the relay could not take now:
    /// 5 s, 20 s, 80 s, … at most 6 hours, dropped after ``maximumAttempts`` tries.
    private func record(_ outcome: Result<Void, NewsletterError>, of letter: Letter, now: Int64) throws(NewsletterError)
    {
        switch outcome {
        case .failure(let error) where error.code == .unavailable || error.code == .temporaryFailure:
            if letter.attempts >= Self.maximumAttempts {
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
