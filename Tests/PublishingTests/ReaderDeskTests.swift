import Composer
import Foundation
import Ledger
import Logging
import NewsletterCore
import Publishing
import Settings
import Signing
import Synchronization
import TestSupport
import Testing

/// The readers' desk against a real state file, a stand-in subscriber file and the recording mail
/// port: the sign-up rules, the confirmation, the courier and erasure, without HTTP.
@Suite struct ReaderDeskTests {
    let list: TestList
    let ledger: Ledger
    let transport = RecordingTransport()
    let directory: ListedReaders
    /// Now: suppressions are stamped with the real clock.
    let now = Int64(Date().timeIntervalSince1970)

    init() throws {
        list = try TestList()
        try list.takeSignUps(perHour: 3)
        ledger = try list.ledger()
        directory = ListedReaders(keys: try #require(try list.publisher().configuration.signingKeys()))
    }

    /// The desk as it is at `time` (seconds since 1970).
    private func desk(at time: Int64? = nil) throws -> ReaderDesk {
        let configuration = try list.publisher().configuration
        let clock = Clock(fixedAt: time ?? now)
        let logger = Logger(label: "reader-desk-tests")
        let courier = LetterCourier(
            ledger: ledger,
            letters: try ReaderLetterFactory(configuration: configuration),
            transport: transport,
            directory: directory,
            clock: clock,
            logger: logger
        )
        return ReaderDesk(
            settings: try #require(configuration.subscribe),
            topics: configuration.topics,
            keys: try #require(try configuration.signingKeys()),
            ledger: ledger,
            directory: directory,
            courier: courier,
            clock: clock,
            logger: logger
        )
    }

    /// A sign-up as a person sends the form: filled in a minute after it was served.
    private func signUp(
        _ email: String,
        topics: [String] = [],
        at time: Int64? = nil,
        honeypot: String = "",
        filledInSeconds: Int64 = 60
    ) async throws -> SignUpOutcome {
        let desk = try desk(at: time)
        let stamp = FormStamp.make(at: (time ?? now) - filledInSeconds, keys: desk.keys)
        let form = ReaderDesk.SignUpForm(email: email, name: "N", topics: topics, stamp: stamp, honeypot: honeypot)
        let outcome = try await desk.signUp(form, client: "192.0.2.1")
        await desk.flushCounts()
        return outcome
    }

    /// Presses the button of the newest confirmation link mailed to `email`, at `time`.
    private func confirm(_ email: String, at time: Int64? = nil) async throws -> ConfirmationOutcome {
        let letter = try #require(
            try ledger.dueLetters(now: now + 400_000, limit: 100).last {
                $0.kind == .confirmation && $0.email.lowercased() == email.lowercased()
            }
        )
        let token = try #require(letter.link.split(separator: "/").last)
        return try await desk(at: time ?? now + 60).confirm(String(token))
    }

    @Test func aSignUpIsPendingUntilConfirmedAndARepeatNeverChangesAnActiveReader() async throws {
        #expect(try await signUp("Ann@Example.org", topics: ["Early help"]) == .requested)
        #expect(try ledger.registeredReader("ann@example.org")?.state == .pending)
        #expect(try ledger.dueLetters(now: now).map(\.kind) == [.confirmation])
        #expect(try await confirm("ann@example.org") == .confirmed(email: "Ann@Example.org"))
        #expect(try await confirm("ann@example.org") == .unknown, "a link works once")
        let active = try #require(try ledger.registeredReader("ann@example.org"))
        #expect(active.state == .active && active.topics == ["Early help"] && active.consent == "Yes, please.")

        // A day later, the form again with other topics: a short letter, and nothing else changes.
        let again = try await signUp("ann@example.org", topics: ["Online safety"], at: now + 90_000)
        #expect(again == .alreadyActive)
        #expect(try ledger.registeredReader("ann@example.org") == active)
    }

    @Test func oneLetterADayPerAddressAndTheListsCapAnHour() async throws {
        #expect(try await signUp("a@example.org") == .requested)
        #expect(try await signUp("a@example.org") == .addressLimit)
        #expect(try await signUp("b@example.org") == .requested)
        #expect(try await signUp("c@example.org") == .requested)
        #expect(try await signUp("d@example.org") == .listLimit)
        #expect(
            try await signUp("d@example.org", at: now + 3_601) == .listLimit,
            "an hour later, but the three letters still wait for the relay: the queue holds no more"
        )
        #expect(try await confirm("a@example.org") == .confirmed(email: "a@example.org"), "a refused repeat kept it")
        for letter in try ledger.dueLetters(now: now + 3_601) { try ledger.finishLetter(letter.id) }
        #expect(try await signUp("d@example.org", at: now + 3_602) == .requested, "the relay took them")
    }

    @Test func aLinkIssuedBeforeAnUnsubscribeNeverUndoesIt() async throws {
        #expect(try await signUp("a@example.org", at: now - 10) == .requested)
        try ledger.suppress(["a@example.org"], reason: "unsubscribed")
        #expect(try await confirm("a@example.org") == .unsubscribedSince)
        #expect(try ledger.isSuppressed("a@example.org"))

        // Asked anew after the unsubscribe (a day later): the new link undoes it.
        #expect(try await signUp("a@example.org", at: now + 90_000) == .requested)
        #expect(try await confirm("a@example.org", at: now + 90_100) == .confirmed(email: "a@example.org"))
        #expect(try !ledger.isSuppressed("a@example.org"))
    }

    @Test func aBouncedAddressGetsNothingAndAnExpiredSignUpIsPurged() async throws {
        try ledger.suppress(["gone@example.org"], reason: "550", kind: .hardBounce)
        #expect(try await signUp("gone@example.org") == .bounced)
        #expect(try await signUp("late@example.org") == .requested)
        #expect(try await confirm("late@example.org", at: now + 8 * 86_400) == .expired)
        try ledger.purgeExpiredSignUps(now: now + 8 * 86_400, lifetime: 7 * 86_400)
        #expect(try ledger.registeredReader("late@example.org") == nil)
        #expect(try ledger.signUpCounts(since: "2000")[.expired] == 1)
    }

    @Test func theRulesDecideFromTheFactsInOrder() {
        let now: Int64 = 1_800_000_000
        func decide(_ facts: SignUpFacts, listed: Bool = false) -> SignUpOutcome {
            ReaderDesk.decide(facts, isListed: listed, now: now, perHour: 3)
        }
        #expect(decide(SignUpFacts(isSuppressed: true)) == .bounced, "a bounce, a complaint or an unknown kind")
        #expect(decide(SignUpFacts(isSuppressed: true, suppressionIsReadersOwn: true)) == .requested)
        #expect(decide(SignUpFacts(isSuppressed: true, lastLetterAt: now - 10)) == .bounced, "before the limits")
        #expect(decide(SignUpFacts(lastLetterAt: now - 100)) == .addressLimit)
        #expect(decide(SignUpFacts(lastLetterAt: now - 86_400)) == .requested, "a day later")
        #expect(decide(SignUpFacts(lettersInLastHour: 3)) == .listLimit)
        #expect(decide(SignUpFacts(readerState: .active)) == .alreadyActive)
        #expect(decide(SignUpFacts(), listed: true) == .alreadyActive, "the file's reader needs no sign-up")
        #expect(decide(SignUpFacts(readerState: .pending), listed: true) == .requested)
        let ownUnsubscribe = SignUpFacts(isSuppressed: true, suppressionIsReadersOwn: true, readerState: .active)
        #expect(decide(ownUnsubscribe) == .requested, "asked anew after leaving")
    }

    @Test func aBotsFormSendsNothingAndIsCounted() async throws {
        #expect(try await signUp("bot1@example.org", honeypot: "https://spam.example") == .bot)
        #expect(try await signUp("bot2@example.org", filledInSeconds: 1) == .bot, "faster than a person types")
        #expect(try await signUp("bot3@example.org", filledInSeconds: 2 * 86_400) == .bot, "a stamp kept for days")
        #expect(try ledger.dueLetters(now: now + 60).isEmpty)
        #expect(try ledger.registeredReader("bot1@example.org") == nil)
        #expect(try ledger.signUpCounts(since: "2000")[.bot] == 3)
    }

    @Test func aClientOverItsLimitIsRefusedAndABotsFormCountsAsABotsFirst() async throws {
        let desk = try desk()
        let stamp = FormStamp.make(at: now - 60, keys: desk.keys)
        let person = ReaderDesk.SignUpForm(email: "a@example.org", name: "", topics: [], stamp: stamp, honeypot: "")
        var asked: [String] = []
        let refused = try await desk.signUp(person, client: "192.0.2.7") { client, _ in
            asked.append(client)
            return false
        }
        #expect(refused == .clientLimit && asked == ["192.0.2.7"])
        var bot = person
        bot.honeypot = "filled"
        #expect(try await desk.signUp(bot, client: "192.0.2.7") { _, _ in false } == .bot)
        await desk.flushCounts()
        let counts = try ledger.signUpCounts(since: "2000")
        #expect(counts[.clientLimit] == 1 && counts[.bot] == 1)
        #expect(try ledger.dueLetters(now: now + 60).isEmpty)
    }

    @Test func aReaderTheFileListsIsToldTheyAreSubscribedAlready() async throws {
        directory.add(Reader(email: "Listed@Example.org", name: "Listed"))
        #expect(try await signUp("listed@example.org") == .alreadyActive)
        let letter = try #require(try ledger.dueLetters(now: now).first)
        #expect(letter.kind == .alreadyActive && letter.link.hasPrefix("https://example.org/subscribe/manage/"))
        #expect(try ledger.registeredReader("listed@example.org") == nil, "the file's reader needs no sign-up")
    }

    @Test func theCourierWaitsForARelayAndThenMailsTheLetterOnce() async throws {
        #expect(try await signUp("ann@example.org") == .requested)
        transport.takesLetters.withLock { $0 = false }
        try desk().courier.deliverDueLetters()
        #expect(transport.letters.isEmpty)
        #expect(try ledger.dueLetters(now: now).isEmpty, "postponed")
        let waiting = try #require(try ledger.dueLetters(now: now + 5).first)
        #expect(waiting.attempts == 1)

        transport.takesLetters.withLock { $0 = true }
        try desk(at: now + 5).courier.deliverDueLetters()
        #expect(transport.letters.map(\.address) == ["ann@example.org"])
        #expect(transport.letters.first?.message.contains("https://example.org/subscribe/confirm/") == true)
        #expect(try ledger.dueLetters(now: now + 400_000).isEmpty)
    }

    @Test func erasureTakesTheFileRowAndTheDatabasesRecordAndKeepsTheHash() async throws {
        directory.add(Reader(email: "ada@example.org", name: "Ada"))
        try ledger.addReader(email: "Ada@example.org", name: "Ada", topics: ["Early help"])
        try await desk().erase("ADA@example.org")
        #expect(directory.listedRow("ada@example.org") == nil)
        #expect(try ledger.registeredReader("ada@example.org") == nil)
        let keys = try #require(try list.publisher().configuration.signingKeys())
        #expect(try ledger.isForgotten(hash: ErasedAddress.hash(of: "ada@example.org", keys: keys)))
    }
}

/// A subscriber file in memory.
final class ListedReaders: ReaderDirectory {
    private let rows = Mutex<[Reader]>([])
    private let keys: SigningKeys

    init(keys: SigningKeys) {
        self.keys = keys
    }

    func add(_ reader: Reader) { rows.withLock { $0.append(reader) } }

    func listedRow(_ email: String) -> Reader? {
        rows.withLock { rows in rows.first { $0.key == email.lowercased() } }
    }

    func listedRow(readerToken token: String) -> Reader? {
        rows.withLock { rows in rows.first { ReaderToken.make(for: $0.key, keys: keys) == token } }
    }

    func eraseListed(_ email: String) throws(NewsletterError) -> Int {
        rows.withLock { rows in
            let before = rows.count
            rows.removeAll { $0.key == email.lowercased() }
            return before - rows.count
        }
    }
}
