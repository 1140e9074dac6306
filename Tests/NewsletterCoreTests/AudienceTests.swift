import NewsletterCore
import Testing

/// Who receives a mailing, and which edition: the rules of ``Audience`` one by one.
@Suite struct AudienceTests {
    let issue = Audience(kind: .issue, topic: nil, headings: ["Early years", "Online safety", "Youth justice"])
    let alert = Audience(kind: .alert, topic: "Online safety", headings: ["Online safety"])

    private func registered(
        _ email: String,
        name: String = "",
        topics: [String]? = nil,
        editionChoice: EditionChoice? = nil,
        state: RegisteredReader.State = .active
    ) -> RegisteredReader {
        RegisteredReader(
            email: email,
            name: name,
            topics: topics,
            editionChoice: editionChoice,
            state: state,
            origin: .form,
            askedAt: "2026-12-01T09:00:00Z",
            confirmedAt: state == .active ? "2026-12-01T09:05:00Z" : nil,
            consent: nil,
            form: nil,
            clientAddress: nil
        )
    }

    @Test func anErasedOrSuppressedAddressGetsNothing() {
        let listed = Reader(email: "ada@example.org")
        #expect(issue.decision(listed: listed, registered: nil, isSuppressed: false, isErased: true) == .none)
        #expect(issue.decision(listed: listed, registered: nil, isSuppressed: true, isErased: false) == .none)
        #expect(
            issue.decision(listed: listed, registered: nil, isSuppressed: false, isErased: false)
                == .recipient(listed, .whole)
        )
    }

    @Test func anActiveReadersOwnChoiceWinsOverTheFilesRowAndTheirNameFillsAnEmptyOne() {
        let listed = Reader(email: "Ada@Example.org", topics: ["Youth justice"])
        let own = registered("ada@example.org", name: "Ada", topics: ["Early years"], editionChoice: .topics)
        let decision = issue.decision(listed: listed, registered: own, isSuppressed: false, isErased: false)
        let expected = Reader(email: "Ada@Example.org", name: "Ada", topics: ["Early years"], editionChoice: .topics)
        #expect(decision == .recipient(expected, .sections([0])))

        let named = Reader(email: "ada@example.org", name: "Ada Lovelace")
        #expect(Audience.reader(listed: named, registered: own)?.name == "Ada Lovelace", "the file's name stays")
    }

    @Test func aPendingSignUpChangesNothingAndGetsNothingOnItsOwn() {
        let listed = Reader(email: "bo@example.org", topics: ["Youth justice"])
        let pending = registered("bo@example.org", name: "Bo", topics: ["Early years"], state: .pending)
        #expect(
            issue.decision(listed: listed, registered: pending, isSuppressed: false, isErased: false)
                == .recipient(listed, .whole)
        )
        #expect(issue.decision(listed: nil, registered: pending, isSuppressed: false, isErased: false) == .none)
    }

    @Test func aReaderOnlyTheDatabaseKnowsIsARecipient() {
        let own = registered("cy@example.org", name: "Cy")
        let decision = issue.decision(listed: nil, registered: own, isSuppressed: false, isErased: false)
        #expect(decision == .recipient(Reader(email: "cy@example.org", name: "Cy"), .whole))
    }

    @Test func anAlertGoesOnlyToReadersOfItsTopicOrOfEveryTopic() {
        let follower = Reader(email: "a@example.org", topics: ["online safety"])
        let everyTopic = Reader(email: "b@example.org")
        let other = Reader(email: "c@example.org", topics: ["Early years"], editionChoice: .topics)
        #expect(alert.decision(for: follower) == .recipient(follower, .whole))
        #expect(alert.decision(for: everyTopic) == .recipient(everyTopic, .whole))
        #expect(alert.decision(for: other) == .none)
    }

    @Test func anIssueGivesEachReaderTheirEdition() {
        let whole = Reader(email: "a@example.org", topics: ["Early years"])
        let theirs = Reader(email: "b@example.org", topics: ["Youth justice", "early years"], editionChoice: .topics)
        let everything = Reader(
            email: "c@example.org",
            topics: ["Early years", "Online safety", "Youth justice"],
            editionChoice: .topics
        )
        let nothing = Reader(email: "d@example.org", topics: ["Domestic abuse"], editionChoice: .topics)
        let noneChosen = Reader(email: "e@example.org", editionChoice: .topics)
        #expect(issue.decision(for: whole) == .recipient(whole, .whole))
        #expect(issue.decision(for: theirs) == .recipient(theirs, .sections([0, 2])))
        #expect(issue.decision(for: everything) == .recipient(everything, .whole), "every section is the whole issue")
        #expect(issue.decision(for: nothing) == .skipped(nothing), "recorded, sent nothing")
        #expect(issue.decision(for: noneChosen) == .recipient(noneChosen, .whole), "no topic chosen: every topic")
    }
}

/// A row that only holds a file reader's choices.
@Suite struct ChoicesOnlyRowTests {
    @Test func aChoicesOnlyRowCountsWhileTheFileListsTheReaderAndCarriesTheirLinkGeneration() {
        var row = RegisteredReader(
            email: "ada@example.org",
            name: "",
            topics: ["Early years"],
            state: .active,
            origin: .editor,
            askedAt: "2026-12-01T00:00:00Z",
            confirmedAt: "2026-12-01T00:00:00Z",
            consent: nil,
            form: nil,
            clientAddress: nil,
            linksFrom: 1_800_000_000,
            onlyChoices: true
        )
        let listed = Reader(email: "ada@example.org", name: "Ada")
        let reader = Audience.reader(listed: listed, registered: row)
        #expect(reader?.topics == ["Early years"] && reader?.linkGeneration == 1_800_000_000)
        #expect(Audience.reader(listed: nil, registered: row) == nil, "off the file, off the list")
        row.onlyChoices = false
        #expect(Audience.reader(listed: nil, registered: row)?.email == "ada@example.org", "an editor's reader stays")
        row.state = .pending
        #expect(Audience.reader(listed: nil, registered: row) == nil, "a pending sign-up is nobody yet")
        let pendingListed = Audience.reader(listed: listed, registered: row)
        #expect(
            pendingListed?.topics == [] && pendingListed?.linkGeneration == 1_800_000_000,
            "the file's, with the links"
        )
    }
}
