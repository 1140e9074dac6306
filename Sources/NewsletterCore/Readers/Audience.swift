/// Who receives a mailing, and which edition each reader gets: the one place this is decided.
///
/// A mailing's readers are the subscriber file's rows, in file order, and the readers the state
/// database knows that the file lacks (who signed up through `serve`, or whom an editor added).
/// For each, ``decision(listed:registered:isSuppressed:isErased:)`` applies these rules, in order:
///
/// 1. An erased address (`subscribers forget`, "delete my data") gets nothing, unless it signed up anew.
/// 2. A suppressed address (unsubscribed, hard-bounced, complained) gets nothing.
/// 3. An active registered reader's own choice wins over the file's row: their topics and their
///    choice of edition; their name fills an empty one. A row that only holds the choices a file
///    reader made on their page counts only while the file lists them.
/// 4. An alert goes only to readers who follow its topic (or every topic).
/// 5. An issue gives each reader their edition (``Reader/edition(among:)``): the whole issue, or
///    their topics' sections; a reader of only their topics whose topics have no section this time
///    is recorded as skipped and sent nothing.
///
/// The ledger applies it while it records a mailing (`Ledger.record`), one reader at a time, and
/// keeps one reader per address. `preview --to` and `send --to` give one reader the edition of
/// rules 3 and 5 (``decision(for:)``); an alert is whole for whoever asks for its copy.
package struct Audience: Sendable {
    /// The alert's topic; `nil` for a weekly issue.
    package var topic: String?
    /// The issue's topic sections, in order; empty for an alert (every reader gets it whole).
    package var headings: [String]

    /// The audience of a mailing of `kind`, for an alert on `topic`, with the issue's `headings`.
    package init(kind: Bulletin.Kind, topic: String?, headings: [String]) {
        self.topic = kind == .alert ? topic : nil
        self.headings = kind == .issue ? headings : []
    }

    /// What a mailing holds for one reader.
    package enum Decision: Equatable, Sendable {
        /// Not a recipient: erased, suppressed, or not following the alert's topic.
        case none
        /// A recipient of `edition`, as the mailing sees them.
        case recipient(Reader, Edition)
        /// A reader of only their topics, none of which has a section this time: recorded, sent nothing.
        case skipped(Reader)
    }

    /// The decision for one reader: `listed` is the subscriber file's row (`nil` for a reader only
    /// the database knows), `registered` the database's active reader of that address, if any.
    package func decision(
        listed: Reader?,
        registered: RegisteredReader?,
        isSuppressed: Bool,
        isErased: Bool
    ) -> Decision {
        guard !isErased, !isSuppressed else { return .none }
        guard let reader = Self.reader(listed: listed, registered: registered) else { return .none }
        return decision(for: reader)
    }

    /// The decision for `reader`, already as the mailing sees them (rules 4 and 5).
    package func decision(for reader: Reader) -> Decision {
        if let topic, !reader.wants(topic: topic) { return .none }
        guard !headings.isEmpty else { return .recipient(reader, .whole) }
        guard let edition = reader.edition(among: headings) else { return .skipped(reader) }
        return .recipient(reader, edition)
    }

    /// The reader as the mailing sees them: the file's row with an active registered reader's own
    /// choices (rule 3), or the registered reader alone; `nil` for no reader. A row that only holds
    /// a file reader's choices (``RegisteredReader/onlyChoices``) makes nobody a reader once the
    /// file no longer lists them.
    package static func reader(listed: Reader?, registered: RegisteredReader?) -> Reader? {
        guard let registered else { return listed }
        guard registered.state == .active else {
            // A pending sign-up of a listed reader changes nothing but keeps their links' generation.
            guard var listed else { return nil }
            listed.linkGeneration = registered.linksFrom
            return listed
        }
        guard var reader = listed else { return registered.onlyChoices ? nil : registered.reader }
        if let topics = registered.topics { reader.topics = topics }
        if let choice = registered.editionChoice { reader.editionChoice = choice }
        if reader.name.isEmpty { reader.name = registered.name }
        reader.linkGeneration = registered.linksFrom
        return reader
    }
}
