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
        package var isSubscribed: Bool
    }

    /// The reader of a page token, when it is genuine: the unsubscribe token inside it finds the
    /// address, and both signatures must hold.
    package func reader(ofPage token: String) async throws(NewsletterError) -> Page? {
        guard let readerToken = ManageToken.readerToken(in: token) else { return nil }
        return try await onQueue { [ledger, keys, directory] () throws(NewsletterError) -> Page? in
            guard let address = try ledger.readerAddress(forToken: readerToken),
                ManageToken.isValid(token, for: address.emailKey, keys: keys)
            else { return nil }
            let data = try ledger.readerData(address.email)
            let listed = directory.listedRow(address.email)
            let isActive = data.registered?.state == .active || data.registered == nil
            return Page(
                email: address.email,
                topics: data.registered?.topics ?? listed?.topics ?? [],
                editionChoice: data.registered?.editionChoice ?? listed?.editionChoice ?? .whole,
                isSubscribed: isActive && data.suppression == nil
            )
        }
    }

    /// Saves the topics `email` chose on their page (only the list's own topics count; none for
    /// every topic) and their choice of edition; returns the topics kept. They hold from the next mailing.
    @discardableResult
    package func choose(
        topics: [String],
        editionChoice: EditionChoice,
        for email: String
    ) async throws(NewsletterError) -> [String] {
        let known = topics.filter { self.topics.contains($0) }
        try await onQueue { [ledger] () throws(NewsletterError) in
            try ledger.setChoices(topics: known, editionChoice: editionChoice, for: email)
        }
        return known
    }

    /// Unsubscribes `email` from their page.
    package func unsubscribe(_ email: String) async throws(NewsletterError) {
        try await onQueue { [ledger] () throws(NewsletterError) in
            _ = try ledger.suppress([email], reason: "unsubscribed", kind: .web)
        }
    }

    /// Queues the letter of everything held about `email`, to that address only, and wakes the courier.
    package func mailData(to email: String) async throws(NewsletterError) {
        let link = manageLink(for: email)
        try await onQueue { [ledger] () throws(NewsletterError) in try ledger.queueDataLetter(for: email, link: link) }
        courier.wake()
    }

    /// Erases `email` from the subscriber file and the state database (``erase(_:directory:ledger:keys:)``).
    package func erase(_ email: String) async throws(NewsletterError) {
        try await onQueue { [ledger, keys, directory] () throws(NewsletterError) in
            _ = try Self.erase(email, directory: directory, ledger: ledger, keys: keys)
        }
        logger.info("a reader erased their data")
    }
}
