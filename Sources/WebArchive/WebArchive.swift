import Foundation
import Ledger
import NewsletterCore
import Settings

/// The static web archive: `N.html` for each weekly issue, `index.html` (newest first) and
/// `feed.xml` (Atom 1.0), in the folder `archive.folder` names.
///
/// Pages are made from the HTML bodies the ledger stored, with every recipient's value replaced
/// by a generic one: no page carries an address. Each file is written to a temporary name in the
/// same folder and renamed over the old one, so a reader never sees half a page.
package struct WebArchive: Sendable {
    /// The list's name.
    package var listName: String
    /// Where the pages go and where readers find them.
    package var archive: Configuration.Archive
    /// The address the archive's pages offer for unsubscribing (no reader's token in it).
    package var unsubscribeMailto: String

    /// Writes issue `number`'s page, then the index and the feed, from what `ledger` recorded.
    package func addIssue(_ number: Int, from ledger: Ledger) throws(NewsletterError) {
        let issues = try ledger.archivedIssues()
        if let issue = issues.first(where: { $0.number == number }) {
            try write(page(for: issue), to: "\(number).html")
        }
        try writeIndexAndFeed(issues)
    }

    /// Rewrites every page, the index and the feed; returns how many issue pages it wrote.
    @discardableResult
    package func rebuild(from ledger: Ledger) throws(NewsletterError) -> Int {
        let issues = try ledger.archivedIssues()
        for issue in issues { try write(page(for: issue), to: "\(issue.number).html") }
        try writeIndexAndFeed(issues)
        return issues.count
    }

    func writeIndexAndFeed(_ issues: [ArchivedIssue]) throws(NewsletterError) {
        try write(index(issues), to: "index.html")
        try write(feed(issues), to: "feed.xml")
    }

    // MARK: - Writing

    /// Writes `text` to `name` in the folder, whole or not at all (``ReplacedFile``).
    func write(_ text: String, to name: String) throws(NewsletterError) {
        let target = archive.folder.appendingPathComponent(name)
        do {
            try FileManager.default.createDirectory(at: archive.folder, withIntermediateDirectories: true)
        } catch {
            throw NewsletterError(
                .ioFailure,
                "cannot write the archive page: \(error.localizedDescription); check archive.folder",
                context: target.path
            )
        }
        do {
            try ReplacedFile.replace(target, keepingMode: false) { file in try file.write(contentsOf: Data(text.utf8)) }
        } catch {
            switch error.step {
            case .rename:
                throw NewsletterError(
                    .ioFailure,
                    "cannot put the page in place: \(error.reason); check the folder's permissions",
                    context: target.path
                )
            case .write:
                throw NewsletterError(
                    .ioFailure,
                    "cannot write the archive page: \(error.reason); check archive.folder",
                    context: target.path
                )
            }
        }
    }
}

extension WebArchive {
    /// An index and a feed with no issue yet (nothing has been sent); returns 0.
    package func rebuildEmpty() throws(NewsletterError) -> Int {
        try writeIndexAndFeed([])
        return 0
    }
}

extension WebArchive {
    /// The archive of `configuration`'s list, or `nil` when it has no `archive`.
    package init?(configuration: Configuration) {
        guard let archive = configuration.archive else { return nil }
        self.listName = configuration.name
        self.archive = archive
        unsubscribeMailto = "mailto:\(configuration.unsubscribe.mailto)?subject=unsubscribe"
    }
}
