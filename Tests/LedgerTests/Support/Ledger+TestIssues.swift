import NewsletterCore

@testable import Ledger

extension Ledger {
    /// Records issue `number`, carrying one item, to `addresses` in list order: a mailing for tests
    /// about what the ledger does with its deliveries.
    func recordIssue(_ number: Int = 1, to addresses: [String]) throws -> Mailing {
        let item = Item(
            id: "i\(number)",
            topic: "T",
            title: "t",
            date: Day(year: 2026, month: 11, day: 1),
            summary: "s"
        )
        let bulletin = Bulletin(
            kind: .issue,
            number: number,
            date: Day(year: 2026, month: 11, day: 22),
            sections: [TopicSection(topic: "T", items: [item])]
        )
        return try record(
            bulletin,
            rendered: RenderedBulletin(subject: "S", text: "t", html: "h"),
            Recording { insert in
                for address in addresses { try insert(Reader(email: address)) }
            }
        )
    }
}
