import Foundation
import NewsletterCore

/// `subscribers export`: every reader as a row of ``columns``, written as CSV (quoted so that
/// ``CSVReader`` reads each field back as it was) or as a JSON array of objects.
package enum ReaderExport {
    /// CSV or JSON.
    package enum Format: String, Sendable, CaseIterable {
        case csv
        case json
    }

    /// The columns, in order: what the readers' data letter says, one field each.
    package static let columns = [
        "email", "name", "topics", "issue", "state", "origin", "askedAt", "confirmedAt", "form", "consent",
        "clientAddress",
    ]

    /// `rows` (each as many fields as ``columns``) in `format`.
    package static func text(_ rows: [[String]], as format: Format) throws(NewsletterError) -> String {
        switch format {
        case .csv: return csv(rows)
        case .json: return try json(rows)
        }
    }

    /// CSV, every field a spreadsheet would take for a formula made inert (``inert(_:)``).
    private static func csv(_ rows: [[String]]) -> String {
        func field(_ value: String) -> String {
            let value = inert(value)
            return value.contains(where: { ",\"\n\r".contains($0) })
                ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        return ([columns] + rows).map { $0.map(field).joined(separator: ",") + "\n" }.joined()
    }

    /// `value`, with an apostrophe before it when it starts as a spreadsheet formula does (`=`,
    /// `+`, `-`, `@`, a tab or a carriage return): a name such as `=HYPERLINK(…)` typed into the
    /// sign-up form must not run when an editor opens the export (CSV injection). Spreadsheets show
    /// the value without the apostrophe.
    package static func inert(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        return "'" + value
    }

    private static func json(_ rows: [[String]]) throws(NewsletterError) -> String {
        let objects = rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }
        do {
            let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
            return String(decoding: data, as: UTF8.self) + "\n"
        } catch {
            throw NewsletterError(.ioFailure, "cannot write the readers as JSON: \(error)")
        }
    }
}
