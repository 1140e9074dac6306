import Ledger
import NewsletterCore
import Settings
import WebArchive

extension Publisher {
    /// Writes issue `number`'s archive page, the index and the feed, when the list has an `archive`.
    func addToArchive(issue number: Int, from ledger: Ledger) throws(NewsletterError) {
        guard let archive = WebArchive(configuration: configuration) else { return }
        try archive.addIssue(number, from: ledger)
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
