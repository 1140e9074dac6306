import Composer
import Foundation
import IntakeCore
import ItemFormat
import Ledger
import Logging
import NewsletterCore
import Settings

/// Brings archived plain-text bulletins into the items folder, each item once, and optionally
/// records each bulletin as an issue already sent.
package struct Importer: Sendable {
    /// The list's settings.
    package var configuration: Configuration
    /// Where steps are logged.
    package var logger: Logger

    /// An importer for the list `configuration` describes.
    package init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// What the import did with one bulletin.
    package struct FileReport: Sendable, Equatable {
        /// The file, as the user named it.
        package var file: String
        /// Items written (or, with `--dry-run`, that would be).
        package var written: [String] = []
        /// Items already written from an earlier bulletin or already in the items folder.
        package var duplicates: [String] = []
        /// How many of the items written are drafts.
        package var drafts = 0
        /// The issue the bulletin was recorded as, with `--as-sent`.
        package var issue: (number: Int, date: Day)?

        package static func == (lhs: FileReport, rhs: FileReport) -> Bool {
            lhs.file == rhs.file && lhs.written == rhs.written && lhs.duplicates == rhs.duplicates
                && lhs.drafts == rhs.drafts && lhs.issue?.number == rhs.issue?.number
                && lhs.issue?.date == rhs.issue?.date
        }
    }

    /// Imports `files`, every one read and checked before anything is written, and returns a report
    /// for each in the order they were taken: the order given, or with `asSent` oldest first.
    ///
    /// - Parameters:
    ///   - asSent: also record each bulletin as an issue already sent, carrying its items; the
    ///     bulletins are taken oldest first (by their newest item), so that the issue numbers follow
    ///     the dates whatever order the shell lists the files in.
    ///   - dryRun: write nothing, not even the state database.
    package func run(files: [String], asSent: Bool, dryRun: Bool) throws(NewsletterError) -> [FileReport] {
        var bulletins: [(file: String, items: [ArchivedItem])] = []
        for file in files {
            let url = URL(fileURLWithPath: file)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw NewsletterError(
                    .missingInput,
                    "no such file; name the archived bulletins to import",
                    context: file
                )
            }
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw NewsletterError(.ioFailure, "cannot be read: \(error.localizedDescription)", context: file)
            }
            switch BulletinParser(displayPath: file).parse(data) {
            case .success(let items): bulletins.append((file, items))
            case .failure(let error): throw error
            }
        }

        if asSent { bulletins = Self.oldestFirst(bulletins) }

        let folder = configuration.itemsFolder
        let existing: Set<String>
        do {
            existing = Set(
                try FileManager.default.contentsOfDirectory(atPath: folder.path)
                    .filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }
            )
        } catch {
            throw NewsletterError(
                .missingInput,
                "cannot list the items folder: \(error.localizedDescription)",
                context: folder.path
            )
        }

        var idsByKey: [String: String] = [:]
        var usedIDs = existing
        var reports: [FileReport] = []
        var itemsByFile: [[Item]] = []
        for bulletin in bulletins {
            var report = FileReport(file: bulletin.file)
            var carried: [Item] = []
            for archived in bulletin.items {
                if let id = idsByKey[archived.matchKey] {
                    report.duplicates.append(id)
                    carried.append(archived.item(id: id))
                    continue
                }
                let base = ItemFile.id(date: archived.date, title: archived.title)
                if existing.contains(base) {
                    idsByKey[archived.matchKey] = base
                    report.duplicates.append(base)
                    carried.append(archived.item(id: base))
                    continue
                }
                var id = base
                var suffix = 2
                while usedIDs.contains(id) {
                    id = "\(base)-\(suffix)"
                    suffix += 1
                }
                usedIDs.insert(id)
                idsByKey[archived.matchKey] = id
                let item = archived.item(id: id)
                if !dryRun { try write(item, notes: notes(for: archived, from: bulletin.file), in: folder) }
                report.written.append(id)
                if item.isDraft { report.drafts += 1 }
                carried.append(item)
            }
            reports.append(report)
            itemsByFile.append(carried)
        }
        if asSent {
            try recordAsSent(&reports, items: itemsByFile, dryRun: dryRun)
        }
        return reports
    }

    /// `bulletins` ordered by their newest item's date, oldest first; bulletins of the same date keep
    /// the order given.
    private static func oldestFirst(
        _ bulletins: [(file: String, items: [ArchivedItem])]
    ) -> [(file: String, items: [ArchivedItem])] {
        bulletins.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element.items.map(\.date).max(), rhs.element.items.map(\.date).max())
            if left != right, let left, let right { return left < right }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// The comments written into an imported item's front matter: where it came from and what to check.
    private func notes(for item: ArchivedItem, from file: String) -> [String] {
        var notes = [
            "Imported from \(URL(fileURLWithPath: file).lastPathComponent), line \(item.line).",
            "The archive keeps no addresses: add each url, then remove draft: true.",
        ]
        if let dateNote = item.dateNote { notes.append("Date: \(dateNote).") }
        return notes
    }

    /// Writes `item` as a new file; never replaces an existing one.
    private func write(_ item: Item, notes: [String], in folder: URL) throws(NewsletterError) {
        let url = folder.appendingPathComponent("\(item.id).md")
        try NewFile.write(Data(ItemFile.text(of: item, notes: notes).utf8), to: url)
        logger.info("wrote \(url.path)")
    }

    /// Records each bulletin, in order, as an issue already sent, carrying its items no issue carried yet.
    private func recordAsSent(_ reports: inout [FileReport], items: [[Item]], dryRun: Bool) throws(NewsletterError) {
        let lock: StateLock? = dryRun ? nil : try StateLock(for: configuration.stateFile)
        defer { withExtendedLifetime(lock) {} }
        let ledger =
            dryRun
            ? try Ledger.openReadOnly(at: configuration.stateFile)
            : try Ledger.open(at: configuration.stateFile)
        var carried = try ledger?.carriedItemIDs(kind: .issue) ?? []
        var number = try ledger?.nextNumber(kind: .issue) ?? 1
        let renderer = BulletinRenderer(
            configuration: configuration,
            templates: try TemplateSet.load(from: configuration.templatesFolder)
        )
        for (index, bulletinItems) in items.enumerated() {
            var seen = Set<String>()
            let fresh = bulletinItems.filter { !carried.contains($0.id) && seen.insert($0.id).inserted }
            guard let date = fresh.map(\.date).max() else { continue }
            // The archived bodies show what readers had: links without an address are left out.
            let shown = fresh.map { item in
                var copy = item
                copy.isDraft = false
                copy.links = item.links.filter { !$0.url.isEmpty }
                copy.seeAlso = item.seeAlso.filter { !$0.url.isEmpty }
                return copy
            }
            let sections = Selection(topicOrder: configuration.topics).sections(shown)
            let bulletin = Bulletin(kind: .issue, number: number, date: date, sections: sections)
            if !dryRun, let ledger {
                let mailing = try ledger.recordPastIssue(bulletin, rendered: renderer.render(bulletin))
                logger.info("recorded \(reports[index].file) as issue \(mailing.number)")
            }
            reports[index].issue = (number, date)
            carried.formUnion(fresh.map(\.id))
            number += 1
        }
    }
}
