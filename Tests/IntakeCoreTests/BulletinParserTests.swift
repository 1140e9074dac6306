import Foundation
import NewsletterCore
import TestSupport
import Testing

@testable import IntakeCore

/// The archived-bulletin layout, every variant, in bulletins written for these tests.
@Suite struct BulletinParserTests {
    static let fixtures = Repository.root.appendingPathComponent("Tests/IntakeCoreTests/Fixtures/bulletins")

    private func items(_ name: String) throws -> [ArchivedItem] {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(name))
        return try BulletinParser(displayPath: name).parse(data).get()
    }

    private func failure(_ text: String) -> String? {
        if case .failure(let error) = BulletinParser(displayPath: "b.txt").parse(Data(text.utf8)) {
            return error.description
        }
        return nil
    }

    @Test func topicLineWithSourceAndDateAndTheLinkTitleAsTitle() throws {
        let item = try items("archive-a.txt")[0]
        #expect(item.topic == "Online safety")
        #expect(item.title == "Age checks on video-sharing platforms: what changes in 2025")
        #expect(item.source == "Ofcom")
        #expect(item.date == Day(year: 2025, month: 3, day: 12))
        #expect(item.dateNote == nil)
        #expect(
            item.links == [
                ArchivedItem.Link(
                    label: "Read the statement",
                    title: "Age checks on video-sharing platforms: what changes in 2025"
                )
            ]
        )
        // The footnote digit glued after "progress." is gone; the sentence stays whole.
        #expect(item.summary.contains("how it will monitor progress. Platforms have six months to respond."))
        #expect(item.line == 1)
    }

    @Test func titleStandfirstPublicationDateBulletsAndQuotedLink() throws {
        let item = try items("archive-a.txt")[1]
        #expect(item.topic == "Family hubs")
        #expect(item.title == "Family hubs: a year of learning")
        #expect(item.source == "Children’s Services Network")
        #expect(item.date == Day(year: 2025, month: 2, day: 1))
        #expect(item.dateNote?.contains("only the month") == true)
        #expect(
            item.summary.hasPrefix("What local areas found when they brought early help services under one roof\n\n")
        )
        #expect(item.summary.contains("across England. This review"))
        #expect(
            item.summary.contains(
                """
                progress where:

                - health visitors were based in the hub
                - the hub kept evening opening hours
                - families helped to design the services.
                """
            )
        )
        #expect(
            item.links == [
                ArchivedItem.Link(label: "Read our summary", title: "The national evaluation"),
                ArchivedItem.Link(label: "Download the briefing", title: "Family hubs: a year of learning"),
            ]
        )
    }

    @Test func anItemCarriedByTwoBulletinsMatchesHoweverItsWhitespaceDiffers() throws {
        let first = try items("archive-a.txt")[2]
        let second = try items("archive-b.txt")[0]
        #expect(first.matchKey == second.matchKey)
        #expect(second.title == "Neglect: noticing the slow build-up of harm")
        #expect(second.source == "Research in Practice")
        #expect(second.date == Day(year: 2025, month: 2, day: 5))
    }

    @Test func noiseLinesSeparateItemsAndASectionIntroductionIsNoItem() throws {
        let found = try items("archive-b.txt")
        #expect(
            found.map(\.title) == [
                "Neglect: noticing the slow build-up of harm",
                "Diverting children from custody",
                "Free online workshop: Talking with teenagers about harm",
                "Private fostering: a guide for schools (practitioner guide)",
                "Consultation on a consistent child identifier",
            ]
        )
        #expect(!found.contains { $0.summary.contains("gathered the following updates") })
        let youth = found[1]
        #expect(youth.topic == "Youth justice")
        #expect(
            youth.links == [
                ArchivedItem.Link(
                    label: "Read the practice note via the board",
                    title: "Diverting children from custody"
                ),
                ArchivedItem.Link(label: "See the note", title: "Remand and bail for children (PDF)"),
            ]
        )
    }

    @Test func anEventTakesItsDateFromTheTimeLineAndDropsTheGluedRepeat() throws {
        let event = try items("archive-b.txt")[2]
        #expect(event.topic == "Events")
        #expect(event.date == Day(year: 2025, month: 3, day: 19))
        #expect(event.source == nil)
        #expect(event.links == [ArchivedItem.Link(label: "Book a free place", title: event.title)])
        #expect(event.summary.contains("Wednesday March 19, 2025, 02:00 PM – 03:30 PM GMT"))
        #expect(!event.summary.contains("workshopTalking"))
    }

    @Test func topicTitleAndStandfirstWithoutADateTakeTheBulletinsNewest() throws {
        let guide = try items("archive-b.txt")[3]
        #expect(guide.topic == "Private fostering")
        #expect(guide.title == "Private fostering: a guide for schools (practitioner guide)")
        #expect(guide.summary.hasPrefix("A short guide for school staff"))
        #expect(guide.date == Day(year: 2025, month: 3, day: 19))
        #expect(guide.dateNote?.contains("no date") == true)
    }

    @Test func seeAlsoTitlesAndALoneNewsLine() throws {
        let item = try items("archive-b.txt")[4]
        #expect(item.topic == "Information sharing")
        #expect(item.source == "DfE")
        #expect(
            item.links == [
                ArchivedItem.Link(label: "Find out more", title: "Consultation on a consistent child identifier")
            ]
        )
        #expect(item.seeAlso == ["Information sharing in practice", "Multi-agency safeguarding arrangements"])
        #expect(
            item.summary
                == "The department has opened a consultation on a single identifier for children across services. "
                + "It closes on 04 April 2025."
        )
    }

    @Test func aFileNotInTheLayoutNamesTheLineWhereReadingStopped() {
        #expect(failure("---\ntopic: T\ntitle: A\n---\nBody\n")?.hasPrefix("b.txt:1: starts with '---'") == true)
        #expect(
            failure("Online safety\n\nSource: Ofcom\n\nDate: sometime soon\n\nText.\n")
                == "b.txt:5: 'sometime soon' is not a date; write it as 24 June 2024"
        )
        #expect(
            failure("This file starts with a sentence that is not a heading.\n\nTopic\n\nSource: X\nDate: 1 May 2025\n")
                == "b.txt:1: expected a topic line (a short heading) before this line"
        )
        #expect(
            failure("Just a heading\n\nAnd a sentence without links or dates.\n")?.hasPrefix("b.txt:1: no item found")
                == true
        )
        #expect(failure("")?.hasPrefix("b.txt:1: no item found") == true)
        #expect(
            failure("Topic\nSource: X\nDate: 1 May 2025\nA bell \u{07} rings.\n")?.hasPrefix(
                "b.txt:4: contains a control character"
            ) == true
        )
        if case .failure(let error) = BulletinParser(displayPath: "b.txt").parse(Data([0x54, 0x0A, 0xFF, 0xFE])) {
            #expect(error.description.hasPrefix("b.txt:2: is not valid UTF-8"))
            #expect(error.code == .badData)
        } else {
            Issue.record("invalid UTF-8 must fail")
        }
    }

    @Test(arguments: [
        ("24 June 2024", "2024-06-24", true), ("09 May 2024", "2024-05-09", true), ("April 2024", "2024-04-01", false),
        ("Thursday May 16, 2024, 05:00 PM – 06:30 PM BST", "2024-05-16", true), ("2025-01-02", "2025-01-02", true),
    ])
    func datesAsBulletinsWriteThem(text: String, iso: String, exact: Bool) {
        let parsed = ArchivedText.day(from: text)
        #expect(parsed?.day.iso == iso)
        #expect(parsed?.exact == exact)
    }

    @Test func refusesDaysThatDoNotExist() {
        #expect(ArchivedText.day(from: "31 February 2024") == nil)
    }
}
