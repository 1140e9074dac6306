import NewsletterCore

/// The names a body template can use, and how the renderer fills them.
///
/// Keep ``vocabulary`` in step with what ``BulletinRenderer`` puts in the model: templates are checked
/// against it when they load.
enum BulletinModel {
    /// Every variable and section name the renderer provides, at any level.
    static let vocabulary: Set<String> = [
        // the mailing
        "name", "number", "date", "isoDate", "subject", "preheader", "isIssue", "isAlert", "alertTopic",
        "itemCount", "sections", "archiveURL", "unsubscribeMailto", "listAddress", "hasManagePage",
        // a copy with only the reader's topics: `{{#personal}}…{{/personal}}` is in it alone,
        // `{{^personal}}…{{/personal}}` only in whole copies
        "personal", "personalTopics",
        // the recipient (filled per message)
        "email", "recipientName", "unsubscribeURL", "manageURL",
        // a section
        "topic", "anchor", "items",
        // an item
        "id", "title", "source", "summary", "leanSummary", "links", "hasLinks", "seeAlso", "hasSeeAlso",
        // a link
        "label", "url",
    ]

    /// Names whose value is already safe HTML and may be inserted unescaped (`{{{summary}}}`).
    static let safeHTML: Set<String> = ["summary", "leanSummary"]
}
