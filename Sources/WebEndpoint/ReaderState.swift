import Dispatch
import Ledger
import NewsletterCore
import Signing
import Synchronization

/// The state database as the web endpoint uses it: token lookups and web unsubscribes.
///
/// SQLite calls block (a write may wait out another process's transaction for the busy timeout),
/// so they run on one serial dispatch queue of their own, never on Swift's few cooperative threads:
/// a send that holds the write lock for a moment delays unsubscribes, not `/healthz`. Unsubscribes
/// that arrive while one is being written are written together in the next transaction (a group
/// commit), so a burst costs a few commits and a few waits for the lock, not one each.
package final class ReaderState: Sendable {
    /// What a valid POST did.
    package enum Outcome: Sendable, Equatable {
        /// The address is suppressed now (by this request or an earlier one).
        case unsubscribed
        /// The token is well formed but no mailing handed it out under these keys: forged or stale.
        case unknownToken
    }

    /// What a GET shows.
    package enum Lookup: Sendable, Equatable {
        /// The token's reader, and whether they are already unsubscribed.
        case reader(email: String, isSuppressed: Bool)
        /// Forged or stale.
        case unknownToken
    }

    private let ledger: Ledger
    private let keys: SigningKeys
    private let queue = DispatchQueue(label: "newsletter.readers.state")
    /// Unsubscribes waiting for the next transaction, with whoever awaits each.
    private let waiting = Mutex<[(token: String, continuation: Waiter)]>([])
    private typealias Waiter = CheckedContinuation<Result<Outcome, NewsletterError>, Never>

    /// Uses `ledger` (opened for writing) and checks tokens with `keys`.
    package init(ledger: Ledger, keys: SigningKeys) {
        self.ledger = ledger
        self.keys = keys
    }

    /// Suppresses the reader of `token` (kind `web`) if the token is genuine. Idempotent.
    ///
    /// Returns once the suppression is committed.
    package func unsubscribe(token: String) async throws(NewsletterError) -> Outcome {
        let result: Result<Outcome, NewsletterError> = await withCheckedContinuation { continuation in
            let first = waiting.withLock { waiting in
                waiting.append((token, continuation))
                return waiting.count == 1
            }
            if first { queue.async { self.writeWaiting() } }
        }
        return try result.get()
    }

    /// Checks every waiting token and suppresses the genuine ones in one transaction.
    private func writeWaiting() {
        let batch = waiting.withLock { waiting in
            defer { waiting.removeAll(keepingCapacity: true) }
            return waiting
        }
        var outcomes: [Result<Outcome, NewsletterError>] = []
        var emails: [String] = []
        for (token, _) in batch {
            do throws(NewsletterError) {
                if let reader = try Self.reader(of: token, ledger: ledger, keys: keys) {
                    emails.append(reader.email)
                    outcomes.append(.success(.unsubscribed))
                } else {
                    outcomes.append(.success(.unknownToken))
                }
            } catch {
                outcomes.append(.failure(error))
            }
        }
        if !emails.isEmpty {
            do throws(NewsletterError) {
                try ledger.suppress(emails, reason: "unsubscribed", kind: .web)
            } catch {
                outcomes = outcomes.map { outcome in
                    if case .success(.unsubscribed) = outcome { return .failure(error) }
                    return outcome
                }
            }
        }
        for ((_, continuation), outcome) in zip(batch, outcomes) { continuation.resume(returning: outcome) }
    }

    /// The reader of `token`, if the token is genuine; writes nothing.
    package func lookUp(token: String) async throws(NewsletterError) -> Lookup {
        try await onQueue { [ledger, keys] () throws(NewsletterError) -> Lookup in
            guard let reader = try Self.reader(of: token, ledger: ledger, keys: keys) else { return .unknownToken }
            return .reader(email: reader.email, isSuppressed: try ledger.isSuppressed(reader.email))
        }
    }

    /// The address behind `token` when the ledger handed it out and its signature holds.
    private static func reader(
        of token: String,
        ledger: Ledger,
        keys: SigningKeys
    ) throws(NewsletterError)
        -> (emailKey: String, email: String)?
    {
        guard ReaderToken.isWellFormed(token), let reader = try ledger.readerAddress(forToken: token),
            ReaderToken.isValid(token, for: reader.emailKey, keys: keys)
        else { return nil }
        return reader
    }

    private func onQueue<T: Sendable>(
        _ body: @escaping @Sendable () throws(NewsletterError) -> T
    )
        async throws(NewsletterError) -> T
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
}
