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
        var reader: Subscriber
        if let recipient {
            let given = try Subscriber(recipient: recipient, option: "--to")
            reader = try self.reader(given.email) ?? given
            if !given.name.isEmpty { reader.name = given.name }
        } else {
            reader = try firstActive(ledger: ledger, topic: topic)
        }
        if let onlyTopics {
            reader.topics = onlyTopics
            reader.scope = .topics
        }
        var copy = ReaderCopy.whole
        if bulletin.kind == .issue, let chosen = reader.sections(among: rendered.sections.map(\.topic)) {
            guard !chosen.isEmpty else {
                let topics = reader.topics.joined(separator: "; ")
                return .nothingNew(
                    "a reader of only \(topics) gets no issue \(bulletin.number): "
                        + "none of those topics has an item in it"
                )
            }
            copy = .sections(Set(chosen))
        }
        let factory = try MessageFactory(
            configuration: configuration,
            kind: bulletin.kind,
            number: bulletin.number,
            rendered: rendered
        )
        switch format {
        case .text: return .ready(Array(factory.personalize(rendered.text, for: reader, copy: copy, html: false).utf8))
        case .html: return .ready(Array(factory.personalize(rendered.html, for: reader, copy: copy, html: true).utf8))
        case .eml: return .ready(try factory.message(for: reader, copy: copy))
        }
    }

    /// The first active subscriber (of `topic`, when given), or `.badData` naming the list.
    private func firstActive(ledger: Ledger?, topic: String?) throws(NewsletterError) -> Subscriber {
        let first: Subscriber?
        do { first = try firstActiveSubscriber(ledger: ledger, topic: topic) } catch let error as NewsletterError {
            throw error
        } catch {
            throw NewsletterError(.ioFailure, "cannot read it: \(error)", context: subscriberList.displayPath)
        }
        guard let first else {
            throw NewsletterError(
                .badData,
                "no active subscriber\(topic.map { " takes '\($0)'" } ?? ""); pass --to ADDRESS to preview a copy",
                context: subscriberList.displayPath
            )
        }
        return first
    }
}
