import Foundation
import NewsletterCore
import Settings
import Signing
import TestSupport
import Testing

@testable import Composer

/// The list tells its own Message-IDs from the mailing and the address, so the ledger keeps none.
@Suite struct MessageIDTests {
    static let secretVariable = "NEWSLETTER_MESSAGE_ID_TEST_SECRET"
    static let secret = "b5Rt8WqZ2xLm7Kp4Nv1Hc9Gd3Fs6Jy0Ue"
    static let older = "Yx4Lp9Qm2Wz7Rt5Kv8Hn3Gc6Fd1Sb0Aj"
    static let reader = Reader(email: "Zoe@Example.net")

    private func factory(number: Int) throws -> MessageFactory {
        setenv(Self.secretVariable, Self.secret, 1)
        var config = try Configuration.load(from: Repository.root.appendingPathComponent("config.example.json").path)
        config.unsubscribe.secret = .environment(Self.secretVariable)
        return try MessageFactory(
            configuration: config,
            kind: .issue,
            number: number,
            rendered: RenderedBulletin(subject: "S", text: "t", html: "h")
        )
    }

    @Test func aCopysMessageIDIsRecognisedAndNoOtherIs() throws {
        let keys = SigningKeys(current: Self.secret.utf8)
        let id = try factory(number: 4).messageID(for: Self.reader)
        #expect(MessageFactory.isMessageID(id, of: .issue, number: 4, to: "zoe@example.net", keys: keys))
        #expect(
            MessageFactory.isMessageID(
                String(id.dropFirst().dropLast()),
                of: .issue,
                number: 4,
                to: "zoe@example.net",
                keys: keys
            )
        )
        #expect(MessageFactory.isMessageID(id.uppercased(), of: .issue, number: 4, to: "zoe@example.net", keys: keys))
        #expect(!MessageFactory.isMessageID(id, of: .issue, number: 5, to: "zoe@example.net", keys: keys))
        #expect(!MessageFactory.isMessageID(id, of: .alert, number: 4, to: "zoe@example.net", keys: keys))
        #expect(!MessageFactory.isMessageID(id, of: .issue, number: 4, to: "ada@example.org", keys: keys))
        #expect(
            !MessageFactory.isMessageID(
                id,
                of: .issue,
                number: 4,
                to: "zoe@example.net",
                keys: SigningKeys(current: Self.older.utf8)
            )
        )
        let forged = id.replacingOccurrences(of: "@", with: "0@").replacingOccurrences(of: ".0", with: ".")
        #expect(!MessageFactory.isMessageID(forged, of: .issue, number: 4, to: "zoe@example.net", keys: keys))
        #expect(
            !MessageFactory.isMessageID(
                "<issue-4.@example.org>",
                of: .issue,
                number: 4,
                to: "zoe@example.net",
                keys: keys
            )
        )
        #expect(!MessageFactory.isMessageID("", of: .issue, number: 4, to: "zoe@example.net", keys: keys))
    }

    @Test func aMessageIDMadeBeforeARotationIsStillRecognised() throws {
        let id = try factory(number: 2).messageID(for: Self.reader)
        let rotated = SigningKeys(current: Self.older.utf8, previous: Array(Self.secret.utf8))
        #expect(MessageFactory.isMessageID(id, of: .issue, number: 2, to: "zoe@example.net", keys: rotated))
    }
}
