import Foundation
import IntakeCore
import ItemFormat
import Ledger
import Logging
import NewsletterCore
import Settings
import TextBasics

/// Reads the configured feeds and writes each entry not seen before as a draft item.
///
/// Entries are matched across runs by id (GUID), then link, in the state database: an entry once
/// written is never written again, even after the editor deleted its item. A feed that fails is
/// reported and the others are still read.
package struct Fetcher: Sendable {
    /// The list's settings.
    package var configuration: Configuration
    /// Where steps are logged.
    package var logger: Logger

    /// A fetcher for the feeds `configuration` lists.
    package init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// What happened to one feed.
    package enum Outcome: Sendable, Equatable {
        /// Read: the items written (or that would be), and how many entries were seen before.
        case read(written: [String], seenBefore: Int)
        /// 304: nothing changed since the last fetch.
        case notModified
        /// Not well-formed, or not a feed: exit 65.
        case malformed(String)
        /// A failure that may pass (HTTP error, timeout, too large, TLS): exit 75.
        case failed(String)
    }

    /// One feed's outcome.
    package struct FeedReport: Sendable, Equatable {
        /// The feed.
        package var feed: Configuration.Feed
        /// What happened.
        package var outcome: Outcome
    }

    /// Reads every feed in order; with `dryRun` writes nothing, not even the state database.
    ///
    /// Downloading and parsing take as long as the feeds' servers and sizes make them, so they hold
    /// no lock: a send can start meanwhile. The state lock is held only for a moment before (opening
    /// the state migrates an older file, and the validators are read) and after, to write the new
    /// items and record what was read; entries are matched against the state under that lock.
    package func run(dryRun: Bool, today: Day = .today()) throws(NewsletterError) -> [FeedReport] {
        let ledger: Ledger?
        var validators: [String: FeedValidators] = [:]
        do {
            let lock: StateLock? = dryRun ? nil : try StateLock(for: configuration.stateFile)
            if dryRun {
                ledger = try Ledger.openReadOnly(at: configuration.stateFile)
            } else {
                ledger = try Ledger.open(at: configuration.stateFile)
            }
            for feed in configuration.feeds { validators[feed.url] = try ledger?.feedValidators(url: feed.url) }
            withExtendedLifetime(lock) {}
        }
        let downloads = configuration.feeds.map { feed in (feed, download(feed, validators: validators[feed.url])) }
        let lock: StateLock? = dryRun ? nil : try StateLock(for: configuration.stateFile)
        defer { withExtendedLifetime(lock) {} }
        var claimedKeys = Set<String>()
        var claimedIDs = Set<String>()
        var reports: [FeedReport] = []
        for (feed, download) in downloads {
            guard case .parsed(let parsed, let newValidators) = download else {
                if case .finished(let outcome) = download { reports.append(FeedReport(feed: feed, outcome: outcome)) }
                continue
            }
            var written: [String] = []
            var recorded: [(keys: [String], itemID: String)] = []
            var seenBefore = 0
            for entry in parsed.entries {
                let keys = entry.keys
                let seen = try ledger?.seenFeedKeys(keys) ?? []
                guard seen.isEmpty, claimedKeys.isDisjoint(with: keys) else {
                    seenBefore += 1
                    continue
                }
                claimedKeys.formUnion(keys)
                guard
                    let (item, text) = draft(
                        for: entry,
                        of: feed,
                        feedTitle: parsed.title,
                        today: today,
                        taken: claimedIDs
                    )
                else {
                    logger.warning("\(feed.url): an entry could not be made into an item (\(entry.title)); skipped")
                    continue
                }
                claimedIDs.insert(item.id)
                if !dryRun {
                    try write(text, id: item.id, link: entry.link)
                }
                written.append(item.id)
                recorded.append((keys, item.id))
            }
            if !dryRun, let ledger {
                try ledger.recordFetch(url: feed.url, validators: newValidators, entries: recorded)
            }
            reports.append(FeedReport(feed: feed, outcome: .read(written: written, seenBefore: seenBefore)))
        }
        return reports
    }

    /// One feed downloaded and parsed: its entries to match against the state, or its outcome already.
    private enum Download {
        case parsed(Feed, validators: FeedValidators)
        case finished(Outcome)
    }

    /// Downloads and parses `feed`, touching no state.
    private func download(_ feed: Configuration.Feed, validators: FeedValidators?) -> Download {
        switch FeedTransfer(url: feed.url, timeoutSeconds: feed.timeoutSeconds).perform(validators: validators) {
        case .failure(let failure):
            return .finished(.failed(failure.reason))
        case .success(.notModified):
            return .finished(.notModified)
        case .success(.body(let data, let newValidators)):
            switch FeedParser.parse(data) {
            case .failure(let problem): return .finished(.malformed(problem.description))
            case .success(let parsed): return .parsed(parsed, validators: newValidators)
            }
        }
    }

    /// The draft item for `entry` and its file text, with an id no other file has; `nil` if no valid item results.
    private func draft(
        for entry: Feed.Entry,
        of feed: Configuration.Feed,
        feedTitle: String?,
        today: Day,
        taken: Set<String>
    ) -> (Item, String)? {
        // The renderer's private markers never come in from a feed (`StoredText.isRendererMarker`).
        var entry = entry
        entry.title = StoredText.withoutRendererMarkers(entry.title)
        entry.summary = StoredText.withoutRendererMarkers(entry.summary)
        let feedTitle = feedTitle.map(StoredText.withoutRendererMarkers)
        let date = entry.date ?? today
        let base = ItemFile.id(date: date, title: entry.title)
        var id = base
        var suffix = 2
        while taken.contains(id) || existingFile(id, isNotFor: entry.link) {
            id = "\(base)-\(suffix)"
            suffix += 1
        }
        let source = feed.source ?? feedTitle.flatMap { $0.isEmpty ? nil : $0 }
        for url in [entry.link ?? "", ""] {
            let item = Item(
                id: id,
                topic: feed.topic,
                title: entry.title,
                source: source,
                date: date,
                links: [Item.Link(label: "Read more", title: entry.title, url: url)],
                summary: entry.summary.isEmpty ? entry.title : entry.summary,
                isDraft: true
            )
            let text = ItemFile.text(
                of: item,
                notes: [
                    "Fetched from \(feed.url) on \(today.iso).",
                    "Rewrite the summary in your own words, then remove draft: true.",
                ]
            )
            if Item.problems(inFileText: Data(text.utf8), id: id, displayPath: id).isEmpty { return (item, text) }
        }
        return nil
    }

    /// Whether a file named `id` exists and is not an earlier, interrupted write of the entry at `link`.
    private func existingFile(_ id: String, isNotFor link: String?) -> Bool {
        let url = configuration.itemsFolder.appendingPathComponent("\(id).md")
        guard let data = FileManager.default.contents(atPath: url.path) else { return false }
        guard let link, !link.isEmpty else { return true }
        return !String(decoding: data, as: UTF8.self).contains(link)
    }

    /// Writes the item file unless an interrupted earlier run already wrote it.
    private func write(_ text: String, id: String, link: String?) throws(NewsletterError) {
        let url = configuration.itemsFolder.appendingPathComponent("\(id).md")
        if FileManager.default.fileExists(atPath: url.path) { return }
        try NewFile.write(Data(text.utf8), to: url)
        logger.info("wrote \(url.path)")
    }
}
