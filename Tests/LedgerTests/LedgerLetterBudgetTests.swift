import Foundation
import NewsletterCore
import TestSupport
import Testing

@testable import Ledger

/// What a reader's page and the sign-up form can make the database owe: letters within a budget,
/// page links of one generation, nobody added by a page.
@Suite struct LedgerLetterBudgetTests {
    let folder: TemporaryFolder
    let ledger: Ledger
    let now = Int64(Date().timeIntervalSince1970)

    init() throws {
        folder = try TemporaryFolder()
        ledger = try Ledger.open(at: folder.url.appendingPathComponent("state.sqlite"))
    }

    @Test func oneDataLetterADayPerMailboxWithTagsFolded() throws {
        #expect(try ledger.queueDataLetter(for: "ann@example.org", link: "L", now: now, perHour: 50))
        #expect(try !ledger.queueDataLetter(for: "ann@example.org", link: "L", now: now + 60, perHour: 50))
        #expect(try !ledger.queueDataLetter(for: "Ann+2@Example.org", link: "L", now: now + 60, perHour: 50))
        #expect(try ledger.queueDataLetter(for: "bob@example.org", link: "L", now: now + 60, perHour: 50))
        #expect(try ledger.dueLetters(now: now + 60).map(\.email) == ["ann@example.org", "bob@example.org"])
        for letter in try ledger.dueLetters(now: now + 60) { try ledger.finishLetter(letter.id) }
        #expect(try ledger.queueDataLetter(for: "ann@example.org", link: "L", now: now + 86_401, perHour: 50))
    }

    @Test func theListsHourlyCapAndTheQueueBoundEveryKindOfLetter() throws {
        for index in 0..<3 {
            #expect(try ledger.queueDataLetter(for: "r\(index)@example.org", link: "L", now: now, perHour: 3))
        }
        #expect(try !ledger.queueDataLetter(for: "r3@example.org", link: "L", now: now, perHour: 3), "the hour's cap")
        #expect(
            try !ledger.queueDataLetter(for: "r3@example.org", link: "L", now: now + 3_700, perHour: 3),
            "an hour later the three still wait for the relay: the queue is full"
        )
        for letter in try ledger.dueLetters(now: now + 3_700) { try ledger.finishLetter(letter.id) }
        #expect(try ledger.queueDataLetter(for: "r3@example.org", link: "L", now: now + 3_700, perHour: 3))
    }

    @Test func aPageNeverAddsAReaderAndAListedReadersChoicesLeaveWithTheFile() throws {
        #expect(try !ledger.setChoices(topics: ["T"], editionChoice: .topics, for: "gone@example.org", isListed: false))
        #expect(try ledger.registeredReader("gone@example.org") == nil)
        #expect(try ledger.setChoices(topics: ["T"], editionChoice: .topics, for: "file@example.org", isListed: true))
        let row = try #require(try ledger.registeredReader("file@example.org"))
        #expect(row.onlyChoices && row.state == .active)
        try ledger.addReader(email: "file@example.org", name: "Filed", topics: nil)
        #expect(try ledger.registeredReader("file@example.org")?.onlyChoices == false, "an editor's add makes a reader")
    }

    @Test func aSignUpOverARemovedFileReadersChoicesIsAFreshRequest() throws {
        #expect(try ledger.setChoices(topics: ["T"], editionChoice: .topics, for: "left@example.org", isListed: true))
        let request = SignUpRequest(
            email: "left@example.org",
            name: "Left",
            topics: [],
            consent: "Yes, please.",
            form: "https://x.example/subscribe",
            clientAddress: nil,
            nonce: "0b",
            confirmationLink: "C",
            manageLink: "M",
            now: now
        )
        #expect(try ledger.signUp(request, linkLifetime: 604_800) { _ in .requested } == .requested)
        let row = try #require(try ledger.registeredReader("left@example.org"))
        #expect(row.state == .pending && !row.onlyChoices && row.origin == .form)
        #expect(row.name == "Left" && row.consent == "Yes, please.")
        #expect(
            try ledger.confirm(nonce: "0b", issuedAt: now, now: now + 1, erasedHash: "h")
                == .confirmed(email: "left@example.org")
        )
    }

    @Test func rotationAndErasureRevokeEveryOlderGeneration() throws {
        #expect(try ledger.pageGeneration("ann@example.org", erasedHash: "h") == 0)
        #expect(try !ledger.rotateLinks(of: "nobody@example.org", now: now, isListed: false))
        #expect(try ledger.rotateLinks(of: "ann@example.org", now: now, isListed: true))
        #expect(try ledger.pageGeneration("ann@example.org", erasedHash: "h") == now)
        #expect(try ledger.rotateLinks(of: "ann@example.org", now: now, isListed: true))
        #expect(
            try ledger.pageGeneration("ann@example.org", erasedHash: "h") == now + 1,
            "twice in a second: still new"
        )
        _ = try ledger.forget("ann@example.org", hash: "h")
        #expect(try ledger.pageGeneration("ann@example.org", erasedHash: "h") == nil, "erased: no link opens the page")
    }
}
