import Composer
import Dispatch
import Ledger
import Signing

/// The state database as the web endpoint uses it: token lookups and web unsubscribes.
///
/// SQLite calls block (a write may wait out another process's transaction for the busy timeout),
/// so they run on one serial dispatch queue of their own, never on Swift's few cooperative threads:
/// a send that holds the write lock for a moment delays unsubscribes, not `/healthz`.
package final class ReaderState: Sendable {
    /// What a valid POST did.
    package enum Outcome: Sendable, Equatable {
        /// The address is suppressed now (`newly`: by this request).
        case unsubscribed(newly: Bool)
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

    /// Uses `ledger` (opened for writing) and checks tokens with `keys`.
    package init(ledger: Ledger, keys: SigningKeys) {
        self.ledger = ledger
        self.keys = keys
    }

    /// Suppresses the reader of `token` (kind `web`) if the token is genuine. Idempotent.
    package func unsubscribe(token: String) async throws(NewsletterError) -> Outcome {
        try await onQueue { [ledger, keys] () throws(NewsletterError) -> Outcome in
            guard let reader = try Self.reader(of: token, ledger: ledger, keys: keys) else { return .unknownToken }
            let added = try ledger.suppress([reader.email], reason: "unsubscribed", kind: .web)
            return .unsubscribed(newly: added > 0)
        }
    }

    /// The reader of `token`, if the token is genuine; writes nothing.
    package func lookUp(token: String) async throws(NewsletterError) -> Lookup {
        try await onQueue { [ledger, keys] () throws(NewsletterError) -> Lookup in
            guard let reader = try Self.reader(of: token, ledger: ledger, keys: keys) else { return .unknownToken }
            return .reader(email: reader.email, isSuppressed: try ledger.isSuppressed(reader.email))
        }
    }

    /// The address behind `token` when the ledger handed it out and its signature holds.
    private static func reader(of token: String, ledger: Ledger, keys: SigningKeys) throws(NewsletterError)
        -> (emailKey: String, email: String)?
    {
        guard ReaderToken.isWellFormed(token), let reader = try ledger.readerAddress(forToken: token),
              ReaderToken.isValid(token, for: reader.emailKey, keys: keys)
        else { return nil }
        return reader
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws(NewsletterError) -> T)
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
