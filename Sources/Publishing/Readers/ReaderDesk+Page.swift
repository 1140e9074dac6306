import Composer
import Ledger
import NewsletterCore
import Signing

extension ReaderDesk {
    /// What a reader's own page shows.
    package struct Page: Sendable {
        package var email: String
        /// The topics they follow; empty for every topic.
        package var topics: [String]
        /// The whole issue, or only their topics' sections.
        package var editionChoice: EditionChoice
        /// Whether they are on the list now: the next mailing goes to them.
        package var isSubscribed: Bool
        /// Whether the subscriber file lists them.
        package var isListed: Bool
    }

    /// The reader of a page token, when it is genuine and current, and the address is known: to the
    /// database (a sign-up, a mailing, a suppression) or to the subscriber file.
    ///
    /// The unsubscribe token inside finds the address, first in the database and then in the
    /// subscriber file (so a listed reader's link works before any mailing reached them); both
    /// signatures must hold, and the link must be of the reader's current generation
    /// (``Ledger/pageGeneration(_:erasedHash:)``). The file is read off the database queue.
    package func reader(ofPage token: String) async throws(NewsletterError) -> Page? {
        guard let readerToken = ManageToken.readerToken(in: token) else { return nil }
        let known = try await onQueue { [ledger] () throws(NewsletterError) in
            try ledger.readerAddress(forToken: readerToken)?.email
        }
        let listedByToken =
            known == nil ? await offQueue { [directory] in directory.listedRow(readerToken: readerToken) } : nil
        guard let email = known ?? listedByToken?.email,
            let parsed = ManageToken.parse(token, for: email.lowercased(), keys: keys)
        else { return nil }
        let listed = await offQueue { [directory] in directory.listedRow(email) }
        return try await onQueue { [ledger, keys] () throws(NewsletterError) -> Page? in
            let erasedHash = ErasedAddress.hash(of: email.lowercased(), keys: keys)
            guard let current = try ledger.pageGeneration(email, erasedHash: erasedHash), parsed.generation == current
            else { return nil }
            let data = try ledger.readerData(email)
            let onList = Audience.reader(listed: listed, registered: data.registered)
            guard onList != nil || data.registered != nil || data.suppression != nil else { return nil }
            return Page(
                email: onList?.email ?? email,
                topics: data.registered?.topics ?? listed?.topics ?? [],
                editionChoice: data.registered?.editionChoice ?? listed?.editionChoice ?? .whole,
                isSubscribed: onList != nil && data.suppression == nil,
                isListed: listed != nil
            )
        }
    }

    /// Saves the topics the reader of `page` chose (only the list's own topics count; none for
    /// every topic) and their choice of edition; returns the topics kept, or `nil` when the reader
    /// is not on the list now: a page link never puts anyone back on it. They hold from the next mailing.
    @discardableResult
    package func choose(
        topics: [String],
        editionChoice: EditionChoice,
        for page: Page
    ) async throws(NewsletterError) -> [String]? {
        guard page.isSubscribed else { return nil }
        let known = topics.filter { self.topics.contains($0) }
        let saved = try await onQueue { [ledger, keys] () throws(NewsletterError) in
            guard
                try ledger.setChoices(
                    topics: known,
                    editionChoice: editionChoice,
                    for: page.email,
                    isListed: page.isListed
                )
            else { return false }
            // The database now knows the reader: their link finds them even once the file no longer lists them.
            try ledger.remember(token: ReaderToken.make(for: page.email.lowercased(), keys: keys), for: page.email)
            return true
        }
        return saved ? known : nil
    }

    /// Unsubscribes `email` from their page.
    package func unsubscribe(_ email: String) async throws(NewsletterError) {
        try await onQueue { [ledger] () throws(NewsletterError) in
            _ = try ledger.suppress([email], reason: "unsubscribed", kind: .web)
        }
    }

    /// Queues the letter of everything held about `email`, to that address only, and wakes the
    /// courier; at most one a day per address, within the list's hourly cap
    /// (``Ledger/queueDataLetter(for:link:now:perHour:)``). Returns whether one was queued: the page
    /// answers the same either way.
    @discardableResult
    package func mailData(to email: String) async throws(NewsletterError) -> Bool {
        let link = try await pageLink(for: email)
        let now = clock.now
        let perHour = settings.perHour
        let queued = try await onQueue { [ledger] () throws(NewsletterError) in
            try ledger.queueDataLetter(for: email, link: link, now: now, perHour: perHour)
        }
        if queued { courier.wake() }
        logger.info(queued ? "data letter queued" : "data letter refused: one a day, within the list's hourly cap")
        return queued
    }

    /// Erases `email` from the subscriber file and the state database (``erase(_:directory:ledger:keys:)``).
    package func erase(_ email: String) async throws(NewsletterError) {
        // Off the desk's queue: the subscriber file is read and rewritten whole.
        try await offQueue { [ledger, keys, directory] () throws(NewsletterError) in
            _ = try Self.erase(email, directory: directory, ledger: ledger, keys: keys)
        }
        logger.info("a reader erased their data")
    }
}
