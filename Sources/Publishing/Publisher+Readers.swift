import Ledger
import NewsletterCore
import Settings
import Signing
import WebArchive

extension Publisher {
    /// Makes each recipient's unsubscribe token, for the ledger to remember; `nil` for a list without
    /// `unsubscribe.secretEnv`. Fails with `.badConfiguration` (exit 78) naming the variable when
    /// the secret is unset or too short, before anything is recorded.
    func readerTokens() throws(NewsletterError) -> (@Sendable (Subscriber) -> String)? {
        guard let keys = try configuration.signingKeys() else { return nil }
        return { subscriber in ReaderToken.make(for: subscriber.key, keys: keys) }
    }

    /// Writes issue `number`'s archive page, the index and the feed, when the list has an `archive`.
    func publishToArchive(issue number: Int, from ledger: Ledger) throws(NewsletterError) {
        guard let archive = WebArchive(configuration: configuration) else { return }
        try archive.publish(issue: number, from: ledger)
        logger.info("archived issue \(number) in \(configuration.archive?.folder.path ?? "")")
    }

    /// Rewrites the whole web archive from the ledger (`newsletter archive`); returns the pages written.
    package func rebuildArchive() throws(NewsletterError) -> Int {
        guard let archive = WebArchive(configuration: configuration) else {
            throw NewsletterError(
                .badConfiguration,
                "archive: the config has no archive section; add "
                    + "\"archive\": {\"folder\": \"site\", \"url\": \"https://…/\"}",
                context: configuration.file.path
            )
        }
        guard let ledger = try readOnlyLedger() else { return try archive.rebuildEmpty() }
        return try archive.rebuild(from: ledger)
    }
}
