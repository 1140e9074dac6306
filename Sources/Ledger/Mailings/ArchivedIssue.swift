import GRDB
import NewsletterCore

/// A weekly issue the ledger recorded, as the web archive shows it.
package struct ArchivedIssue: Sendable, Equatable, Decodable, FetchableRecord {
    /// The issue's number.
    package var number: Int
    /// Its date (`YYYY-MM-DD`).
    package var date: String
    /// Its subject line.
    package var subject: String
    /// The rendered HTML body, with the recipient placeholders still in it.
    package var html: String
    /// How many items it carried.
    package var itemCount: Int
    /// When it was recorded (ISO 8601 UTC).
    package var createdAt: String

    private enum CodingKeys: String, CodingKey {
        case number, date, subject, itemCount, createdAt
        case html = "htmlBody"
    }
}

extension Ledger {
    /// Every weekly issue recorded, newest first.
    package func archivedIssues() throws(NewsletterError) -> [ArchivedIssue] {
        try read { db in
            try ArchivedIssue.fetchAll(
                db,
                sql: """
                    SELECT number, date, subject, htmlBody, createdAt,
                           (SELECT COUNT(*) FROM mailingItem WHERE mailingId = mailing.id) AS itemCount
                    FROM mailing WHERE kind = 'issue' ORDER BY number DESC
                    """
            )
        }
    }
}
