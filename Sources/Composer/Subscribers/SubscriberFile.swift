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

    /// Calls `body` with every valid reader in file order and the byte offset where its row starts
    /// (for ``row(at:)``), and returns the problems found.
    @discardableResult
    package func readWithOffsets(_ body: (Reader, _ offset: Int) throws -> Void) throws -> [Diagnostic] {
        try scanWithOffsets { reader, offset in
            try body(reader, offset)
            return true
        }
    }

    /// The valid reader whose row starts at byte `offset` (as ``readWithOffsets(_:)`` gave it), or
    /// `nil` when no valid row starts there (the file changed since).
    package func row(at offset: Int) throws -> Reader? {
        var reader = try CSVReader(url: file)
        guard let header = try reader.next(), let columns = Columns(header.fields) else { return nil }
        guard offset >= reader.lastRecordRange.upperBound else { return nil }
        reader = try CSVReader(url: file, offset: offset)
        guard let record = try reader.next() else { return nil }
        var diagnostics: [Diagnostic] = []
        return row(record, columns: columns, diagnostics: &diagnostics)
    }

    private func scan(_ body: (Reader) throws -> Bool) throws -> [Diagnostic] {
        try scanWithOffsets { reader, _ in try body(reader) }
    }

    /// Calls `body` with every valid reader in file order while it returns `true`, and returns
    /// the problems found in the rows read. A row too long to be one is `.badData` for the file: no
    /// row after an unclosed quote can be trusted.
    private func scanWithOffsets(_ body: (Reader, _ offset: Int) throws -> Bool) throws -> [Diagnostic] {
        do { return try scanRows(body) } catch let tooLong as CSVReader.RecordTooLong {
            throw NewsletterError(
                .badData,
                "line \(tooLong.line): a row longer than \(CSVReader.maximumRecordBytes >> 10) KB, most likely a "
                    + "quote that is never closed; close it, or remove the row",
                context: displayPath
            )
        }
    }

    /// Where the header puts each field.
    private struct Columns {
        var email: Int
        var name: Int?
        var topics: Int?
        var issue: Int?

        /// The columns of `header`, or `nil` without an `email` column.
        init?(_ header: [String]) {
            let columns = header.map { $0.trimmingSpaces().lowercased() }
            let bomless = columns.map { $0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0 }
            guard let email = bomless.firstIndex(of: "email") else { return nil }
            self.email = email
            name = bomless.firstIndex(of: "name")
            topics = bomless.firstIndex(of: "topics")
            issue = bomless.firstIndex(of: "issue")
        }
    }

    private func scanRows(_ body: (Reader, _ offset: Int) throws -> Bool) throws -> [Diagnostic] {
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
        guard let columns = Columns(header.fields) else {
            throw NewsletterError(
                .badData,
                "the first line must be the header email,name,topics (found: \(header.fields.joined(separator: ",")))",
                context: "\(displayPath):1"
            )
        }
        var diagnostics: [Diagnostic] = []
        while let record = try reader.next() {
            guard let row = row(record, columns: columns, diagnostics: &diagnostics) else { continue }
            guard try body(row, reader.lastRecordRange.lowerBound) else { break }
        }
        return diagnostics
    }

    /// The reader of `record`, or `nil` for a blank line or a bad row (reported in `diagnostics`).
    private func row(
        _ record: (fields: [String], line: Int),
        columns: Columns,
        diagnostics: inout [Diagnostic]
    ) -> Reader? {
        if record.fields.count == 1 && record.fields[0].trimmingSpaces().isEmpty { return nil }
        func field(_ column: Int?) -> String? {
            column.flatMap { $0 < record.fields.count ? record.fields[$0] : nil }
        }
        func report(_ field: String, _ message: String, skipped: Bool = true) {
            diagnostics.append(
                Diagnostic(
                    file: displayPath,
                    line: record.line,
                    field: field,
                    message: message + (skipped ? "; the row is skipped" : "")
                )
            )
        }
        guard let email = field(columns.email)?.trimmingSpaces() else {
            report("email", "is missing")
            return nil
        }
        do { try Mailbox.validate(address: email, rules: .international) } catch {
            report("email", error.message)
            return nil
        }
        let name = field(columns.name)?.trimmingSpaces() ?? ""
        if let control = WebAddress.controlCharacter(in: name) {
            report("name", "contains \(control.controlName); a name must be one line")
            return nil
        }
        let topics =
            field(columns.topics)?.split(separator: ";").map { $0.trimmingSpaces() }.filter { !$0.isEmpty } ?? []
        let issueField = field(columns.issue) ?? ""
        var choice = EditionChoice.whole
        if let chosen = EditionChoice(field: issueField) {
            choice = chosen
        } else {
            // The reader still gets the issue: the whole of it, which loses them nothing.
            report(
                "issue",
                "is '\(issueField)'; write whole, topics or nothing (the whole issue, which this reader gets "
                    + "meanwhile)",
                skipped: false
            )
        }
        return Reader(email: email, name: name, topics: topics, editionChoice: choice)
    }
}
