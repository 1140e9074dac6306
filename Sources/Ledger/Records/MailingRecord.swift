import GRDB
import NewsletterCore

/// A `mailing` row (migration "v1"), column for column: an issue or alert as recorded.
struct MailingRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "mailing"

    /// The row id; `nil` in a record to insert (SQLite assigns it).
    var id: Int64?
    /// `issue` or `alert`.
    var kind: String
    /// Its number within its kind.
    var number: Int
    /// The alert's topic.
    var topic: String?
    /// The date it went out (`YYYY-MM-DD`).
    var date: String
    /// The rendered subject, with recipient placeholders.
    var subject: String
    /// The rendered text body, with recipient placeholders.
    var textBody: String
    /// The rendered HTML body, with recipient placeholders.
    var htmlBody: String
    /// When it was recorded (ISO 8601 UTC).
    var createdAt: String
    /// When its last delivery reached a final state.
    var completedAt: String?
    /// When its last chunk of deliveries was recorded (migration "v10-recording"); `nil` while it
    /// is still being recorded, and then it is never sent.
    var recordedAt: String?
    /// When its delivery rows collapsed into ``sentCount`` and ``failedCount`` (migration
    /// "v11-collapsed-mailings"); `nil` while it keeps them.
    var collapsedAt: String? = nil
    /// Its sent deliveries, once collapsed.
    var sentCount: Int? = nil
    /// Its failed deliveries, once collapsed.
    var failedCount: Int? = nil
    /// Its topic sections (migration "v12-personal-issues"), as ``RenderedSection/stored(_:)`` writes them.
    var sections: String? = nil
    /// Its skipped deliveries, once collapsed.
    var skippedCount: Int? = nil
}

extension Mailing {
    /// The mailing a `mailing` row records; `.badData` when the row's kind or date cannot be read.
    init(_ record: MailingRecord) throws(NewsletterError) {
        guard let id = record.id, let kind = Bulletin.Kind(rawValue: record.kind), let date = Day(iso: record.date)
        else {
            throw NewsletterError(
                .badData,
                "the state database has a mailing row it cannot read (id \(record.id.map(String.init) ?? "none"))"
            )
        }
        self.init(
            id: id,
            kind: kind,
            number: record.number,
            topic: record.topic,
            date: date,
            rendered: RenderedBulletin(
                subject: record.subject,
                text: record.textBody,
                html: record.htmlBody,
                sections: RenderedSection.parse(stored: record.sections)
            ),
            isComplete: record.completedAt != nil,
            isRecorded: record.recordedAt != nil
        )
    }
}
