import Foundation
import NewsletterCore
import Signing
import TestSupport
import Testing

@testable import Composer

/// The subscriber file as `serve` looks readers up: indexed once, read again when it changes.
@Suite struct SubscriberIndexTests {
    let keys = SigningKeys(current: Array("a-subscriber-index-secret-long-enough".utf8))

    @Test func findsARowByAddressHoweverSpeltAndByItsReaderToken() throws {
        let folder = try TemporaryFolder()
        let csv = """
            email,name,topics
            ann@example.org,Ann,Early years
            "zoe\u{308}@b\u{FC}cher.example","Zoë, with a comma",
            bad-row-without-at,Nobody,
            "multi@example.org","Two
            lines",
            last@example.org,Last,
            """
        let file = try folder.write(csv, to: "subscribers.csv")
        let index = SubscriberIndex(file: SubscriberFile(file: file), keys: keys)
        #expect(index.row(forAddress: "ANN@example.org")?.topics == ["Early years"])
        #expect(index.row(forAddress: "zo\u{EB}@xn--bcher-kva.example")?.name == "Zoë, with a comma")
        #expect(index.row(forAddress: "last@example.org")?.name == "Last", "after a quoted field across lines")
        #expect(index.row(forAddress: "multi@example.org") == nil, "a two-line name is a bad row")
        #expect(index.row(forAddress: "nobody@example.org") == nil)
        let token = ReaderToken.make(for: "last@example.org", keys: keys)
        #expect(index.row(forReaderToken: token)?.email == "last@example.org")
        #expect(index.row(forReaderToken: ReaderToken.make(for: "nobody@example.org", keys: keys)) == nil)
    }

    @Test func aChangedFileIsReadAgainAndARemovedRowIsGone() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("email,name,topics\nann@example.org,Ann,\nbob@example.org,Bob,\n", to: "s.csv")
        let index = SubscriberIndex(file: SubscriberFile(file: file), keys: keys)
        #expect(index.row(forAddress: "bob@example.org")?.name == "Bob")
        // Rewritten in place, same size: the time of change tells.
        try "email,name,topics\nann@example.org,Ann,\ncat@example.org,Cat,\n".write(
            to: file,
            atomically: false,
            encoding: .utf8
        )
        #expect(index.row(forAddress: "bob@example.org") == nil)
        #expect(index.row(forAddress: "cat@example.org")?.name == "Cat")
        // Replaced by a rename, as an editor's tools and the erasure do.
        try "email,name,topics\ndee@example.org,Dee,\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(index.row(forAddress: "cat@example.org") == nil)
        #expect(index.row(forAddress: "dee@example.org")?.name == "Dee")
        try FileManager.default.removeItem(at: file)
        #expect(index.row(forAddress: "dee@example.org") == nil, "no file, no rows")
    }
}
