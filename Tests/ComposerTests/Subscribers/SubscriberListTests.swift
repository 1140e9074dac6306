import Foundation
import NewsletterCore
import TestSupport
import Testing

@testable import Composer

@Suite struct SubscriberListTests {
    private func read(_ csv: String) throws -> (subscribers: [Reader], problems: [String]) {
        let folder = try TemporaryFolder()
        let file = try folder.write(csv, to: "list.csv")
        var subscribers: [Reader] = []
        let problems = try SubscriberFile(file: file, displayPath: "list.csv").read { subscribers.append($0) }
        return (subscribers, problems.map(\.description))
    }

    @Test func readsQuotedFieldsTopicsAndCRLF() throws {
        let (subscribers, problems) = try read(
            "email,name,topics\r\n\"osei@example.org\",\"Osei, Kwame\",\r\nzoe@example.net,Zoë \"Z\" Ärmel,Early "
                + "years; Domestic abuse\r\n\"q@example.org\",\"Say \"\"hi\"\"\",\r\n"
        )
        #expect(problems.isEmpty)
        #expect(
            subscribers == [
                Reader(email: "osei@example.org", name: "Osei, Kwame"),
                Reader(
                    email: "zoe@example.net",
                    name: "Zoë \"Z\" Ärmel",
                    topics: ["Early years", "Domestic abuse"]
                ),
                Reader(email: "q@example.org", name: "Say \"hi\""),
            ]
        )
        #expect(subscribers[1].wants(topic: "early years"))
        #expect(!subscribers[1].wants(topic: "Online safety"))
        #expect(subscribers[0].wants(topic: "Online safety"))
    }

    @Test func theOptionalIssueColumnSaysWholeOrOnlyTheirTopics() throws {
        let (subscribers, problems) = try read(
            """
            email,name,topics,issue
            a@example.org,A,Online safety;Early years,topics
            b@example.org,B,Online safety,Whole
            c@example.org,C,,
            d@example.org,D,Early years,some
            e@example.org,E,Early years

            """
        )
        #expect(subscribers.map(\.editionChoice) == [.topics, .whole, .whole, .whole, .whole])
        #expect(subscribers[0].readsOnlyTheirTopics)
        #expect(
            subscribers[0].edition(among: ["Early years", "Child sexual abuse", "Online safety"]) == .sections([0, 2])
        )
        #expect(subscribers[0].edition(among: ["Domestic abuse"]) == nil, "none of theirs: no message")
        #expect(
            subscribers[0].edition(among: ["Online safety", "Early years"]) == .whole,
            "every section: the whole issue"
        )
        #expect(subscribers[3].email == "d@example.org", "a bad issue field keeps the reader, on the whole issue")
        #expect(
            problems == [
                "list.csv:5: issue: is 'some'; write whole, topics or nothing "
                    + "(the whole issue, which this reader gets meanwhile)"
            ]
        )
        // A file without the column reads as before: everyone on the whole issue.
        let (old, none) = try read("email,name,topics\na@example.org,A,Online safety\n")
        #expect(old == [Reader(email: "a@example.org", name: "A", topics: ["Online safety"])] && none.isEmpty)
    }

    @Test func reportsAndSkipsBadRowsWithTheirLine() throws {
        let csv = """
            email,name,topics
            good@example.org,Good,
            no-at-sign.example.org,Bad,
            "inject@example.org\r\nRCPT TO:<victim@example.org>",Evil,
            "multi
            line@example.org",Split,
            also-good@example.org,"Name
            Broken",
            last@example.org,Last,

            """
        let (subscribers, problems) = try read(csv)
        #expect(subscribers.map(\.email) == ["good@example.org", "last@example.org"])
        #expect(problems.count == 4, "\(problems)")
        // The quoted CR LF inside the address on line 4 makes that row span lines 4 and 5.
        #expect(problems[0].hasPrefix("list.csv:3: email: address \"no-at-sign.example.org\""))
        #expect(
            problems[1].hasPrefix(
                "list.csv:4: email: address \"inject@example.org\\r\\nRCPT TO:<victim@example.org>\" contains a "
                    + "line break"
            )
        )
        #expect(problems[2].hasPrefix("list.csv:6: email:"))
        #expect(problems[3].hasPrefix("list.csv:8: name: contains a line feed"))
        #expect(problems.allSatisfy { $0.hasSuffix("the row is skipped") && !$0.contains("\n") })
    }

    @Test func refusesAListWithoutAnEmailColumn() throws {
        #expect(throws: NewsletterError.self) { try read("address,name\nx@example.org,X\n") }
        #expect(throws: NewsletterError.self) { try read("") }
    }

    @Test func readsAListLargerThanOneChunk() throws {
        var csv = "email,name,topics\n"
        for index in 0..<5000 { csv += "reader\(index)@example.org,\"Reader, Number \(index)\",\n" }
        let (subscribers, problems) = try read(csv)
        #expect(problems.isEmpty)
        #expect(subscribers.count == 5000)
        #expect(subscribers.last == Reader(email: "reader4999@example.org", name: "Reader, Number 4999"))
    }

    /// A quote never closed would make one field of the rest of the file: the row is capped, and
    /// the whole list refused with the line the row starts on (no row after it can be trusted).
    @Test func aRowLongerThanTheCapIsRefusedWithItsLine() throws {
        let csv =
            "email,name,topics\nada@example.org,Ada,\nbo@example.org,\"Bo\n"
            + String(repeating: "reader@example.org,Reader,\n", count: 3000)
        #expect(throws: NewsletterError.self) { try read(csv) }
        do { _ = try read(csv) } catch let error as NewsletterError {
            #expect(error.message.hasPrefix("line 3: a row longer than 64 KB, most likely a quote"), "\(error)")
        }
        let (subscribers, problems) = try read(
            "email,name,topics\nada@example.org,\"" + String(repeating: "A", count: 60_000) + "\",\n"
        )
        #expect(problems.isEmpty && subscribers.count == 1)
    }

    @Test func keepsSpacesInsideANameAndTrimsEachTopic() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(
            "email,name,topics\n\u{00A0}ada@example.org\t,  Ada  Lovelace\u{3000}, Early years ;\tOnline safety \n",
            to: "list.csv"
        )
        var subscribers: [Reader] = []
        let problems = try SubscriberFile(file: file, displayPath: "list.csv").read { subscribers.append($0) }
        #expect(problems.isEmpty)
        #expect(
            subscribers == [
                Reader(email: "ada@example.org", name: "Ada  Lovelace", topics: ["Early years", "Online safety"])
            ]
        )
    }
}
