import GRDB
import NewsletterCore

/// The editions of one mailing while it is recorded: which copy each recipient gets, and each
/// distinct set of topic sections numbered once (the `edition` table).
///
/// A reader who gets only their topics gets the sections of the topics they follow. When those are
/// every section, that is the whole issue; when none, they get nothing this week (`skipped`).
/// Alerts, and issues recorded before personal issues, are whole for everyone.
struct EditionBook {
    /// What one recipient gets.
    enum Copy: Equatable {
        case whole
        case edition(Int)
        case skipped
    }

    private let mailingID: Int64
    /// The mailing's section headings, in order; empty when no reader can have a part of it.
    private let topics: [String]
    /// Edition numbers by their sections, `,`-separated.
    private var numbers: [String: Int]

    /// The book of `mailing`, with the editions a recording cut short already made.
    init(_ db: Database, mailing: Mailing) throws {
        mailingID = mailing.id
        topics = mailing.kind == .issue ? mailing.rendered.sections.map(\.topic) : []
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT number, sections FROM edition WHERE mailingId = ?",
            arguments: [mailing.id]
        )
        numbers = Dictionary(uniqueKeysWithValues: rows.map { ($0["sections"], $0["number"]) })
    }

    /// The copy `subscriber` gets, numbering (and recording in `db`) an edition not seen before.
    mutating func copy(for subscriber: Subscriber, _ db: Database) throws -> Copy {
        guard !topics.isEmpty, let chosen = subscriber.sections(among: topics) else { return .whole }
        if chosen.isEmpty { return .skipped }
        let key = chosen.map(String.init).joined(separator: ",")
        if let number = numbers[key] { return .edition(number) }
        let number = (numbers.values.max() ?? 0) + 1
        try db.execute(
            sql: "INSERT INTO edition (mailingId, number, sections) VALUES (?, ?, ?)",
            arguments: [mailingID, number, key]
        )
        numbers[key] = number
        return .edition(number)
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
