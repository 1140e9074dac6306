import Foundation
import MIME
import NewsletterCore
import TextBasics

/// The subscriber list: a CSV file with the header `email,name,topics`, read as a stream. An
/// optional `issue` column says, per reader, `whole` (the default) or `topics` (only the sections of
/// their topics).
///
/// Rows are checked one by one. A bad row (an invalid address, a line break in a name) is reported
/// with its line and skipped: it never stops a send. Duplicates are not removed here; the ledger
/// keeps one delivery per address.
package struct SubscriberFile: Sendable {
    /// The CSV file.
    package var file: URL
    /// The file as shown in messages.
    package var displayPath: String

    /// A list read from `file`.
    package init(file: URL, displayPath: String? = nil) {
        self.file = file
        self.displayPath = displayPath ?? file.path
    }

    /// Calls `body` with every valid reader in file order, and returns the problems found.
    ///
    /// Fails with `.badData` only when the file as a whole is unusable (no `email` column).
    @discardableResult
    package func read(_ body: (Reader) throws -> Void) throws -> [Diagnostic] {
        try scan { reader in
            try body(reader)
            return true
        }
    }

    /// The first valid reader in file order that `predicate` accepts, or `nil`; reads no further.
    package func first(where predicate: (Reader) throws -> Bool) throws -> Reader? {
        var found: Reader?
        _ = try scan { reader in
            guard try predicate(reader) else { return true }
            found = reader
            return false
        }
        return found
    }

    /// Calls `body` with every valid reader in file order while it returns `true`, and returns
    /// the problems found in the rows read. A row too long to be one is `.badData` for the file: no
    /// row after an unclosed quote can be trusted.
    private func scan(_ body: (Reader) throws -> Bool) throws -> [Diagnostic] {
        do { return try scanRows(body) } catch let tooLong as CSVReader.RecordTooLong {
            throw NewsletterError(
                .badData,
                "line \(tooLong.line): a row longer than \(CSVReader.maximumRecordBytes >> 10) KB, most likely a "
                    + "quote that is never closed; close it, or remove the row",
                context: displayPath
            )
        }
    }

    private func scanRows(_ body: (Reader) throws -> Bool) throws -> [Diagnostic] {
        var reader: CSVReader
        do { reader = try CSVReader(url: file) } catch {
            throw NewsletterError(
                .missingInput,
                "cannot open the subscriber list: \(error.localizedDescription)",
                context: displayPath
            )
        }
        guard let header = try reader.next() else {
            throw NewsletterError(
                .badData,
                "the subscriber list is empty; its first line must be the header email,name,topics",
                context: displayPath
            )
        }
        let columns = header.fields.map { $0.trimmingSpaces().lowercased() }
        let bomless = columns.map { $0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0 }
        guard let emailColumn = bomless.firstIndex(of: "email") else {
            throw NewsletterError(
                .badData,
                "the first line must be the header email,name,topics (found: \(header.fields.joined(separator: ",")))",
                context: "\(displayPath):1"
            )
        }
        let nameColumn = bomless.firstIndex(of: "name")
        let topicsColumn = bomless.firstIndex(of: "topics")
        let issueColumn = bomless.firstIndex(of: "issue")

        var diagnostics: [Diagnostic] = []
        while let record = try reader.next() {
            if record.fields.count == 1 && record.fields[0].trimmingSpaces().isEmpty { continue }
            func report(_ field: String, _ message: String) {
                diagnostics.append(
                    Diagnostic(
                        file: displayPath,
                        line: record.line,
                        field: field,
                        message: message + "; the row is skipped"
                    )
                )
            }
            guard record.fields.count > emailColumn else {
                report("email", "is missing")
                continue
            }
            let email = record.fields[emailColumn].trimmingSpaces()
            do { try Mailbox.validate(address: email, rules: .international) } catch {
                report("email", error.message)
                continue
            }
            let name =
                nameColumn.flatMap { $0 < record.fields.count ? record.fields[$0] : nil }?.trimmingSpaces() ?? ""
            if let control = WebAddress.controlCharacter(in: name) {
                report("name", "contains \(control.controlName); a name must be one line")
                continue
            }
            let topics =
                topicsColumn.flatMap { $0 < record.fields.count ? record.fields[$0] : nil }?
                .split(separator: ";").map { $0.trimmingSpaces() }.filter { !$0.isEmpty } ?? []
            let issueField = issueColumn.flatMap { $0 < record.fields.count ? record.fields[$0] : nil } ?? ""
            var choice = EditionChoice.whole
            if let chosen = EditionChoice(field: issueField) {
                choice = chosen
            } else {
                // The reader still gets the issue: the whole of it, which loses them nothing.
                diagnostics.append(
                    Diagnostic(
                        file: displayPath,
                        line: record.line,
                        field: "issue",
                        message: "is '\(issueField)'; write whole, topics or nothing (the whole issue, "
                            + "which this reader gets meanwhile)"
                    )
                )
            }
            guard try body(Reader(email: email, name: name, topics: topics, editionChoice: choice)) else { break }
        }
        return diagnostics
    }
}
