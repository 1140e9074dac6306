import Composer
import Foundation
import Ledger
import NewsletterCore
import Signing

extension Publisher {
    /// One reader as the next mailing sees them: the file's row and the database's record together.
    package struct ReaderEntry: Sendable {
        package var email: String
        package var name: String
        /// The topics they follow; empty for every topic.
        package var topics: [String]
        /// The whole issue, or only their topics' sections.
        package var scope: IssueScope
        /// `active`, `pending` (a sign-up not yet confirmed), or the suppression's kind (`web`, `hard-bounce`…).
        package var state: String
        /// `file`, `form` or `editor`.
        package var origin: String
        /// What the database holds about their consent, for a form reader.
        package var registered: RegisteredReader?
    }

    /// Every reader, the file's first (in file order), then the database's the file lacks.
    package func readers(_ body: (ReaderEntry) throws -> Void) throws(NewsletterError) {
        let ledger = try readOnlyLedger()
        var seen = Set<String>()
        do {
            try subscriberList.read { listed in
                guard seen.insert(listed.key).inserted else { return }
                let registered = try ledger?.registeredReader(listed.email)
                let suppression = try ledger?.readerData(listed.email).suppression
                try body(
                    ReaderEntry(
                        email: listed.email,
                        name: listed.name.isEmpty ? registered?.name ?? "" : listed.name,
                        topics: registered?.state == .active ? registered?.topics ?? listed.topics : listed.topics,
                        scope: registered?.state == .active ? registered?.scope ?? listed.scope : listed.scope,
                        state: suppression?.kind ?? "active",
                        origin: registered?.origin.rawValue ?? "file",
                        registered: registered
                    )
                )
            }
            try ledger?.registeredReaders { reader, suppression in
                guard !seen.contains(reader.email.lowercased()) else { return }
                try body(
                    ReaderEntry(
                        email: reader.email,
                        name: reader.name,
                        topics: reader.topics ?? [],
                        scope: reader.scope ?? .whole,
                        state: suppression ?? reader.state.rawValue,
                        origin: reader.origin.rawValue,
                        registered: reader
                    )
                )
            }
        } catch let error as NewsletterError {
            throw error
        } catch {
            throw NewsletterError(.ioFailure, "cannot read the readers: \(error)", context: subscriberList.displayPath)
        }
    }

    /// Everything held about `email`: the file's row and the database's.
    package func readerData(_ email: String) throws(NewsletterError) -> ReaderData {
        var data = try readOnlyLedger()?.readerData(email) ?? ReaderData(email: email)
        data.listed = try? subscriberList.first { $0.email.equalsIgnoringCase(email) }
        return data
    }

    /// `subscribers add`: an active reader recorded as added by an editor.
    package func addReader(_ subscriber: Subscriber, topics: [String]?, scope: IssueScope?) throws(NewsletterError) {
        let ledger = try Ledger.open(at: configuration.stateFile)
        try ledger.addReader(email: subscriber.email, name: subscriber.name, topics: topics, scope: scope)
    }

    /// The reader of `email` as the next mailing sees them (their own choices over the file's row),
    /// or `nil` when neither the file nor the database has them.
    package func reader(_ email: String) throws(NewsletterError) -> Subscriber? {
        var found: Subscriber?
        try readers { entry in
            guard found == nil, entry.email.equalsIgnoringCase(email) else { return }
            found = Subscriber(email: entry.email, name: entry.name, topics: entry.topics, scope: entry.scope)
        }
        return found
    }

    /// `subscribers forget`: erasure from the subscriber file and the state database (see
    /// `Ledger.forget`). Needs the list's secret: what is kept is a keyed hash.
    package func forget(_ email: String) throws(NewsletterError) -> (rows: Int, erasure: Ledger.Erasure) {
        guard let keys = try configuration.signingKeys() else {
            throw NewsletterError(
                .badConfiguration,
                "unsubscribe.secretEnv: erasure keeps a keyed hash of the address; set unsubscribe.secretEnv or "
                    + "secretFile to the list's secret",
                context: configuration.file.path
            )
        }
        let lock = try StateLock(for: configuration.stateFile)
        defer { withExtendedLifetime(lock) {} }
        let rows = try subscriberList.erase(email)
        let ledger = try Ledger.open(at: configuration.stateFile)
        let erasure = try ledger.forget(email, hash: ErasedAddress.hash(of: email.lowercased(), keys: keys))
        return (rows, erasure)
    }
}
