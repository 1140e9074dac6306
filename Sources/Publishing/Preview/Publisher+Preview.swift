import Composer
import Ledger
import NewsletterCore

extension Publisher {
    /// What `preview` prints: a body or the whole message.
    package enum PreviewFormat: String, Sendable, CaseIterable {
        /// The plain-text body.
        case text
        /// The HTML body.
        case html
        /// The whole RFC 5322 message.
        case eml
    }

    /// What `preview` found.
    package enum PreviewOutcome: Sendable, Equatable {
        /// The bytes to print on stdout.
        case ready([UInt8])
        /// Nothing to preview; the one line to print on stderr.
        case nothingNew(String)
    }

    /// The next issue (or, with `topic`, the next alert for it) as `recipient` (a `--to` address)
    /// would receive it, or the first active subscriber when it is `nil`: with their own choice of
    /// the whole issue or only their topics. With `onlyTopics` (`--topics "A;B"`), the copy of a
    /// reader who gets only those topics. Never sends, never writes state.
    package func preview(
        format: PreviewFormat,
        topic: String?,
        to recipient: String?,
        onlyTopics: [String]? = nil,
        date: Day = .today()
    ) throws(NewsletterError) -> PreviewOutcome {
        let ledger = try readOnlyLedger()
        let bulletin: Bulletin
        switch try nextMailing(topic: topic, ledger: ledger, date: date) {
        case .ready(let value): bulletin = value
        case .nothingNew(let reason): return .nothingNew(reason)
        }
        let rendered = try renderer().render(bulletin)
        var reader: Reader
        if let recipient {
            reader = withOwnChoices(try Reader(recipient: recipient, option: "--to"))
        } else {
            reader = withOwnChoices(try firstActive(ledger: ledger, topic: topic))
        }
        if let onlyTopics {
            reader.topics = onlyTopics
            reader.editionChoice = .topics
        }
        guard let edition = edition(for: reader, of: bulletin, rendered: rendered) else {
            return .nothingNew(Self.noCopy(for: reader, of: bulletin))
        }
        let factory = try MessageFactory(
            configuration: configuration,
            kind: bulletin.kind,
            number: bulletin.number,
            rendered: rendered
        )
        switch format {
        case .text:
            return .ready(Array(factory.personalize(rendered.text, for: reader, edition: edition, html: false).utf8))
        case .html:
            return .ready(Array(factory.personalize(rendered.html, for: reader, edition: edition, html: true).utf8))
        case .eml: return .ready(try factory.message(for: reader, edition: edition))
        }
    }

    /// The edition of `bulletin` that `reader` gets, by the mailing's ``Audience``: the whole issue,
    /// or their topics' sections; `nil` when they read only their topics and none of them has an
    /// item in it. An alert is whole for whoever asks for a copy.
    func edition(for reader: Reader, of bulletin: Bulletin, rendered: RenderedBulletin) -> Edition? {
        let audience = Audience(kind: bulletin.kind, topic: nil, headings: rendered.sections.map(\.topic))
        guard case .recipient(_, let edition) = audience.decision(for: reader) else { return nil }
        return edition
    }

    /// The line that says `reader` gets no copy of `bulletin`.
    static func noCopy(for reader: Reader, of bulletin: Bulletin) -> String {
        "a reader of only \(reader.topics.joined(separator: "; ")) gets no issue \(bulletin.number): "
            + "none of those topics has an item in it"
    }

    /// The first active subscriber (of `topic`, when given), or `.badData` naming the list.
    private func firstActive(ledger: Ledger?, topic: String?) throws(NewsletterError) -> Reader {
        let first: Reader?
        do { first = try firstActiveReader(ledger: ledger, topic: topic) } catch let error as NewsletterError {
            throw error
        } catch {
            throw NewsletterError(.ioFailure, "cannot read it: \(error)", context: subscriberFile.displayPath)
        }
        guard let first else {
            throw NewsletterError(
                .badData,
                "no active reader\(topic.map { " takes '\($0)'" } ?? ""); pass --to ADDRESS to preview a copy",
                context: subscriberFile.displayPath
            )
        }
        return first
    }
}
