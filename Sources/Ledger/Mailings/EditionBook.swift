import GRDB
import NewsletterCore

/// The editions of one mailing while it is recorded: each distinct set of topic sections that
/// some reader gets is numbered once (the `edition` table); a delivery names its number, or none
/// for the whole issue.
struct EditionBook {
    private let mailingID: Int64
    /// Edition numbers by their sections, `,`-separated in ascending order.
    private var numbers: [String: Int]

    /// The book of `mailing`, with the editions a recording cut short already made.
    init(_ db: Database, mailing: Mailing) throws {
        mailingID = mailing.id
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT number, sections FROM edition WHERE mailingId = ?",
            arguments: [mailing.id]
        )
        numbers = Dictionary(uniqueKeysWithValues: rows.map { ($0["sections"], $0["number"]) })
    }

    /// The number of `edition` (`nil` for the whole issue), numbering (and recording in `db`) an
    /// edition not seen before.
    mutating func number(of edition: Edition, _ db: Database) throws -> Int? {
        guard case .sections(let chosen) = edition else { return nil }
        let key = chosen.sorted().map(String.init).joined(separator: ",")
        if let number = numbers[key] { return number }
        let number = (numbers.values.max() ?? 0) + 1
        try db.execute(
            sql: "INSERT INTO edition (mailingId, number, sections) VALUES (?, ?, ?)",
            arguments: [mailingID, number, key]
        )
        numbers[key] = number
        return number
    }
}

extension Ledger {
    /// The editions of `mailing`: edition number to the numbers of the topic sections it carries.
    package func editions(of mailing: Mailing) throws(NewsletterError) -> [Int: Set<Int>] {
        try read { db in
            var editions: [Int: Set<Int>] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT number, sections FROM edition WHERE mailingId = ?",
                arguments: [mailing.id]
            ) {
                let sections: String = row["sections"]
                editions[row["number"]] = Set(sections.split(separator: ",").compactMap { Int($0) })
            }
            return editions
        }
    }
}
