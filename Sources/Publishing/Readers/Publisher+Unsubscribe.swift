import Ledger
import NewsletterCore

extension Publisher {
    /// Puts `emails` on the suppression list (`newsletter unsubscribe`); returns how many were not on it yet.
    package func unsubscribe(_ emails: [String]) throws(NewsletterError) -> Int {
        let ledger = try Ledger.open(at: configuration.stateFile)
        return try ledger.suppress(emails, reason: "unsubscribed")
    }
}
