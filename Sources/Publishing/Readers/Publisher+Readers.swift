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
        package var editionChoice: EditionChoice
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
            try subscriberFile.read { listed in
                guard seen.insert(listed.key).inserted else { return }
                let registered = try ledger?.registeredReader(listed.email)
                let suppression = try ledger?.readerData(listed.email).suppression
                let reader = Audience.reader(listed: listed, registered: registered) ?? listed
                try body(
                    ReaderEntry(
                        email: reader.email,
                        name: reader.name,
                        topics: reader.topics,
                        editionChoice: reader.editionChoice,
                        state: suppression?.kind ?? "active",
                        origin: registered?.origin.rawValue ?? "file",
                        registered: registered
                    )
                )
            }
            try ledger?.registeredReaders { reader, suppression in
                // A row that only holds a file reader's choices is nobody once the file lacks them.
                guard !seen.contains(reader.email.lowercased()), !reader.onlyChoices else { return }
                try body(
                    ReaderEntry(
                        email: reader.email,
                        name: reader.name,
                        topics: reader.topics ?? [],
                        editionChoice: reader.editionChoice ?? .whole,
                        state: suppression ?? reader.state.rawValue,
                        origin: reader.origin.rawValue,
                        registered: reader
                    )
                )
            }
        } catch let error as NewsletterError {
            throw error
        } catch {
            throw NewsletterError(.ioFailure, "cannot read the readers: \(error)", context: subscriberFile.displayPath)
        }
    }

    /// `subscribers export`: every reader (``readers(_:)``) with state, topics and consent, in
    /// `format`; and how many there are.
    package func export(as format: ReaderExport.Format) throws(NewsletterError) -> (text: String, count: Int) {
        var rows: [[String]] = []
        try readers { reader in
            let consent = reader.registered
            rows.append([
                reader.email, reader.name, reader.topics.joined(separator: ";"), reader.editionChoice.rawValue,
                reader.state, reader.origin,
                consent?.askedAt ?? "", consent?.confirmedAt ?? "", consent?.form ?? "", consent?.consent ?? "",
                consent?.clientAddress ?? "",
            ])
        }
        return (try ReaderExport.text(rows, as: format), rows.count)
    }

    /// Everything held about `email`: the file's row and the database's.
    package func readerData(_ email: String) throws(NewsletterError) -> ReaderData {
        var data = try readOnlyLedger()?.readerData(email) ?? ReaderData(email: email)
        data.listed = try? subscriberFile.first { $0.email.equalsIgnoringCase(email) }
        return data
    }

    /// `subscribers add`: an active reader recorded as added by an editor.
    package func addReader(_ reader: Reader, topics: [String]?, editionChoice: EditionChoice?) throws(NewsletterError) {
        let ledger = try Ledger.open(at: configuration.stateFile)
        try ledger.addReader(email: reader.email, name: reader.name, topics: topics, editionChoice: editionChoice)
    }

    /// The reader of `email` as the next mailing sees them (their own choices over the file's row),
    /// or `nil` when neither the file nor the database has them.
    package func reader(_ email: String) throws(NewsletterError) -> Reader? {
        var found: Reader?
        try readers { entry in
            guard found == nil, entry.email.equalsIgnoringCase(email) else { return }
            found = Reader(
                email: entry.email,
                name: entry.name,
                topics: entry.topics,
                editionChoice: entry.editionChoice
            )
            found?.linkGeneration = entry.registered?.linksFrom ?? 0
        }
        return found
    }

    /// `subscribers rotate`: every link to `email`'s own page made until now stops working (a
    /// forwarded issue's, say); `false` when the address is neither in the subscriber file nor in
    /// the state database.
    package func rotateLinks(of email: String) throws(NewsletterError) -> Bool {
        let isListed = (try? subscriberFile.first { $0.email.equalsIgnoringCase(email) }) != nil
        let ledger = try Ledger.open(at: configuration.stateFile)
        return try ledger.rotateLinks(of: email, now: Clock.system.now, isListed: isListed)
    }

    /// `subscribers forget`: erasure from the subscriber file and the state database, as a reader's
    /// own "delete my data" (``ReaderDesk/erase(_:directory:ledger:keys:)``). Needs the list's
    /// secret: what is kept is a keyed hash. Holds the state file's lock: no send records the
    /// address meanwhile.
    package func forget(_ email: String) throws(NewsletterError) -> ReaderDesk.Erasure {
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
        let ledger = try Ledger.open(at: configuration.stateFile)
        return try ReaderDesk.erase(
            email,
            directory: SubscriberIndex(file: subscriberFile, keys: keys),
            ledger: ledger,
            keys: keys
        )
    }

    /// The readers' desk `serve` runs for a list that takes sign-ups (`subscribe`), mailing through
    /// `transport`; `nil` for a list without sign-ups.
    package func readerDesk(
        transport: any MailingTransport,
        clock: Clock = .system
    ) throws(NewsletterError)
        -> ReaderDesk?
    {
        guard let subscribe = configuration.subscribe, let keys = try configuration.signingKeys() else { return nil }
        let ledger = try Ledger.open(at: configuration.stateFile)
        let directory = SubscriberIndex(file: subscriberFile, keys: keys)
        let courier = LetterCourier(
            ledger: ledger,
            letters: try ReaderLetterFactory(configuration: configuration),
            transport: transport,
            directory: directory,
            clock: clock,
            logger: logger
        )
        return ReaderDesk(
            settings: subscribe,
            topics: configuration.topics,
            keys: keys,
            ledger: ledger,
            directory: directory,
            courier: courier,
            clock: clock,
            logger: logger
        )
    }
}
