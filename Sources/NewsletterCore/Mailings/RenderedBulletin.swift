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
    /// The topic sections, in order, whose parts the bodies mark so that a reader who gets only
    /// their topics gets only those sections (Composer's `EditionCondition`); empty for a mailing
    /// rendered before personal issues.
    package var sections: [RenderedSection]

    /// Creates a rendered bulletin.
    package init(subject: String, text: String, html: String, sections: [RenderedSection] = []) {
        self.subject = subject
        self.text = text
        self.html = html
        self.sections = sections
    }
}

/// One topic section of a rendered mailing: its heading and how many items it has.
package struct RenderedSection: Sendable, Equatable, Codable {
    /// The heading, as the items' `topic` gives it.
    package var topic: String
    /// Its items.
    package var itemCount: Int

    /// Creates a section.
    package init(topic: String, itemCount: Int) {
        self.topic = topic
        self.itemCount = itemCount
    }

    /// The sections as the ledger's `mailing.sections` column keeps them: one `COUNT<TAB>TOPIC` a line.
    package static func stored(_ sections: [RenderedSection]) -> String {
        sections.map { "\($0.itemCount)\t\($0.topic)" }.joined(separator: "\n")
    }

    /// The sections from the ledger's `mailing.sections` column; empty for `nil` or what it cannot read.
    package static func parse(stored: String?) -> [RenderedSection] {
        guard let stored, !stored.isEmpty else { return [] }
        return stored.split(separator: "\n").compactMap { line in
            guard let tab = line.firstIndex(of: "\t"), let count = Int(line[..<tab]) else { return nil }
            return RenderedSection(topic: String(line[line.index(after: tab)...]), itemCount: count)
        }
    }
}
