import NewsletterCore
import Testing

@testable import Composer

@Suite struct SelectionTests {
    private func item(_ id: String, _ topic: String, _ day: Int) -> Item {
        Item(id: id, topic: topic, title: id, date: Day(year: 2026, month: 11, day: day), summary: "s")
    }

    @Test func ordersTopicsByConfigThenByNameAndItemsNewestFirst() {
        let items = [
            item("a", "Zebra", 1), item("b", "Online safety", 3), item("c", "Information sharing", 2),
            item("d", "Online safety", 9), item("e", "Apples", 5), item("f", "information sharing", 7),
        ]
        let sections = Selection(topicOrder: ["Information sharing", "Online safety"]).nextIssue(
            from: items,
            carried: []
        )
        #expect(sections.map(\.topic) == ["Information sharing", "Online safety", "Apples", "Zebra"])
        #expect(sections[0].items.map(\.id) == ["f", "c"])
        #expect(sections[1].items.map(\.id) == ["d", "b"])
    }

    @Test func anItemCarriedOnceIsNeverCarriedAgain() {
        let selection = Selection(topicOrder: [])
        var items = [item("one", "T", 1), item("two", "T", 2)]
        var carried = Set<String>()
        let first = selection.nextIssue(from: items, carried: carried).flatMap(\.items).map(\.id)
        #expect(first == ["two", "one"])
        carried.formUnion(first)
        items.append(item("three", "T", 3))
        let second = selection.nextIssue(from: items, carried: carried).flatMap(\.items).map(\.id)
        #expect(second == ["three"])
        carried.formUnion(second)
        #expect(selection.nextIssue(from: items, carried: carried).isEmpty)
    }

    @Test func alertsTakeTheirTopicsUnalertedItemsOnly() throws {
        let selection = Selection(topicOrder: [])
        let items = [item("a", "Online safety", 1), item("b", "Online safety", 2), item("c", "Early years", 3)]
        let alert = try selection.nextAlert(topic: "online safety", from: items, alerted: ["a"])
        #expect(alert.flatMap(\.items).map(\.id) == ["b"])
        let named = try selection.nextAlert(topic: "Online safety", from: items, alerted: [], only: ["a"])
        #expect(named.flatMap(\.items).map(\.id) == ["a"])
        #expect(throws: NewsletterError.self) {
            try selection.nextAlert(topic: "Online safety", from: items, alerted: [], only: ["c"])
        }
        #expect(throws: NewsletterError.self) {
            try selection.nextAlert(topic: "Online safety", from: items, alerted: [], only: ["zzz"])
        }
    }
}
