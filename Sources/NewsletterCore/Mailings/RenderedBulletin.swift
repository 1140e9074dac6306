/// A mailing's subject and bodies, rendered once, with holes for each recipient's values
/// (Composer's `RecipientField` placeholders).
///
/// This is what the ledger stores with an issue, so that a resumed send mails exactly what the
/// first run did, whatever has changed in the items or templates since.
package struct RenderedBulletin: Sendable, Equatable, Codable {
    /// The subject line.
    package var subject: String
    /// The text body, with the recipient placeholders.
    package var text: String
    /// The HTML body, with the recipient placeholders.
    package var html: String

    /// Creates a rendered bulletin.
    package init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}
