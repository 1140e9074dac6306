import Foundation
import NewsletterCore

/// Every item in the items folder, read and validated.
///
/// Reading never stops at a bad file: ``diagnostics`` lists every problem of every file, and
/// ``items`` holds the files that are fine. Callers that compose an issue must refuse to go on while
/// ``diagnostics`` is not empty, so that no item silently drops out of an issue.
package struct ItemLibrary: Sendable {
    /// The valid items, sorted by id (drafts are not among them: no issue or alert may carry one).
    package var items: [Item]
    /// The problems found, file by file.
    package var diagnostics: [Diagnostic]
    /// The valid items marked `draft: true`, with their files, sorted by id.
    package var drafts: [Draft] = []

    /// A valid item marked `draft: true`, and the file it is in.
    package struct Draft: Sendable, Equatable {
        /// The item.
        package var item: Item
        /// Its file, as diagnostics show it.
        package var file: String
    }

    /// The largest item file read: a summary of a few sentences and its links is a few kilobytes.
    package static let maximumFileBytes = 1 << 20

    /// Reads every `*.md` file in `folder` (not recursive; hidden files are ignored).
    ///
    /// - Parameter displayBase: the folder that paths in diagnostics are made relative to.
    package static func load(
        from folder: URL,
        relativeTo displayBase: URL? = nil
    ) throws(NewsletterError) -> ItemLibrary {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw NewsletterError(
                .missingInput,
                "cannot list the items folder: \(error.localizedDescription)",
                context: folder.path
            )
        }
        var library = ItemLibrary(items: [], diagnostics: [])
        for name in names.sorted() where name.hasSuffix(".md") && !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            let display = url.displayPath(relativeTo: displayBase)
            let data: Data
            do {
                guard let contents = try SmallFile.contents(of: url, atMost: Self.maximumFileBytes) else {
                    library.diagnostics.append(
                        Diagnostic(
                            file: display,
                            message: "is larger than \(SmallFile.describe(Self.maximumFileBytes)); an item is a short "
                                + "summary and its links: shorten it"
                        )
                    )
                    continue
                }
                data = contents
            } catch {
                library.diagnostics.append(
                    Diagnostic(file: display, message: "cannot be read: \(error.localizedDescription)")
                )
                continue
            }
            let parser = ItemParser(displayPath: display, id: String(name.dropLast(3)))
            switch parser.parse(data) {
            case .success(let item) where item.isDraft: library.drafts.append(Draft(item: item, file: display))
            case .success(let item): library.items.append(item)
            case .failure(let problems): library.diagnostics += problems.diagnostics
            }
        }
        return library
    }

    /// The items, or `.badData` naming the first problem when any file is bad.
    package func validItems() throws(NewsletterError) -> [Item] {
        guard diagnostics.isEmpty else { throw NewsletterError(.badData, diagnostics: diagnostics) }
        return items
    }
}
