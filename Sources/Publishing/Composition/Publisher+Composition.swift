import Composer
import Foundation
import Ledger
import NewsletterCore

extension Publisher {
    /// The next weekly issue: every valid item no earlier issue carried, or why there is none.
    ///
    /// Fails with `.badData` when any item file is bad: no item may silently drop out of an issue.
    package func nextIssue(ledger: Ledger?, date: Day) throws(NewsletterError) -> NextMailing {
        let items = try itemLibrary().validItems()
        let carried = try ledger?.carriedItemIDs(kind: .issue) ?? []
        let number = try ledger?.nextNumber(kind: .issue) ?? 1
        let sections = Selection(topicOrder: configuration.topics).nextIssue(from: items, carried: carried)
        guard !sections.isEmpty else {
            let message =
                number > 1
                ? "nothing new since issue \(number - 1)" : "nothing to send: the items folder has no items yet"
            return .nothingNew(message)
        }
        return .ready(Bulletin(kind: .issue, number: number, date: date, sections: sections))
    }

    /// The next alert for `topic`: its items no earlier alert carried (only `itemIDs`, when given).
    package func nextAlert(
        topic: String,
        itemIDs: [String],
        ledger: Ledger?,
        date: Day
    ) throws(NewsletterError) -> NextMailing {
        let items = try itemLibrary().validItems()
        guard items.contains(where: { $0.topic.equalsIgnoringCase(topic) }) else {
            let topics = Set(items.map(\.topic)).sorted().joined(separator: ", ")
            throw NewsletterError(
                .usage,
                "no item has the topic '\(topic)'; the topics are: \(topics)",
                context: "--topic"
            )
        }
        let alerted = try ledger?.carriedItemIDs(kind: .alert) ?? []
        let number = try ledger?.nextNumber(kind: .alert) ?? 1
        let sections = try Selection(topicOrder: configuration.topics).nextAlert(
            topic: topic,
            from: items,
            alerted: alerted,
            only: itemIDs
        )
        guard !sections.isEmpty else {
            return .nothingNew("nothing new for '\(topic)': every item of it was in an earlier alert")
        }
        return .ready(
            Bulletin(kind: .alert, number: number, date: date, topic: sections[0].topic, sections: sections)
        )
    }

    /// The next alert for `topic` when it is given, else the next issue.
    package func nextMailing(
        topic: String?,
        ledger: Ledger?,
        date: Day
    ) throws(NewsletterError) -> NextMailing {
        if let topic { return try nextAlert(topic: topic, itemIDs: [], ledger: ledger, date: date) }
        return try nextIssue(ledger: ledger, date: date)
    }

    /// The first reader in list order who is not suppressed, or `nil`.
    package func firstActiveReader(ledger: Ledger?, topic: String? = nil) throws -> Reader? {
        try subscriberFile.first { reader in
            try (topic.map(reader.wants(topic:)) ?? true) && ledger?.isSuppressed(reader.email) != true
        }
    }
}
