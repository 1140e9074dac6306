import Ledger
import NewsletterCore
import Signing

extension SignUpDesk {
    /// What a reader's own page shows.
    struct Page: Sendable {
        var email: String
        /// The topics they follow; empty for every topic.
        var topics: [String]
        /// The whole issue, or only their topics' sections.
        var scope: IssueScope
        var isSubscribed: Bool
    }

    /// The reader of a page token, when it is genuine: the unsubscribe token inside it finds the
    /// address, and both signatures must hold.
    func reader(ofPage token: String) async throws(NewsletterError) -> Page? {
        guard let readerToken = ManageToken.readerToken(in: token) else { return nil }
        return try await onQueue { [ledger, keys, directory] () throws(NewsletterError) -> Page? in
            guard let address = try ledger.readerAddress(forToken: readerToken),
                ManageToken.isValid(token, for: address.emailKey, keys: keys)
            else { return nil }
            let data = try ledger.readerData(address.email)
            let listed = directory.listedRow(address.email)
            let topics = data.registered?.topics ?? listed?.topics ?? []
            let scope = data.registered?.scope ?? listed?.scope ?? .whole
            let isActive = data.registered?.state == .active || data.registered == nil
            return Page(
                email: address.email,
                topics: topics,
                scope: scope,
                isSubscribed: isActive && data.suppression == nil
            )
        }
    }

    /// The topics `email` chose on their page (only the list's own topics count; empty for every
    /// topic) and whether their issue has only those.
    func choose(topics: [String], scope: IssueScope, for email: String) async throws(NewsletterError) {
        let known = topics.filter { self.topics.contains($0) }
        try await onQueue { [ledger] () throws(NewsletterError) in
            try ledger.setTopics(known, scope: scope, for: email)
        }
    }

    /// Unsubscribes `email` from their page.
    func unsubscribe(_ email: String) async throws(NewsletterError) {
        try await onQueue { [ledger] () throws(NewsletterError) in
            _ = try ledger.suppress([email], reason: "unsubscribed", kind: .web)
        }
    }

    /// Queues the letter of everything held about `email`, to that address only.
    func mailData(to email: String) async throws(NewsletterError) {
        let link = manageLink(for: email)
        try await onQueue { [ledger] () throws(NewsletterError) in try ledger.queueDataLetter(for: email, link: link) }
        wakeCourier()
    }

    /// Erases `email` from the database and the subscriber file (see `Ledger.forget`).
    func erase(_ email: String) async throws(NewsletterError) {
        try await onQueue { [ledger, keys, directory] () throws(NewsletterError) in
            try directory.eraseListed(email)
            _ = try ledger.forget(email, hash: ErasedAddress.hash(of: email.lowercased(), keys: keys))
        }
        logger.info("a reader erased their data")
    }
}
