import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import NewsletterCore
import Signing
import TestSupport
import Testing

@testable import Ledger
@testable import WebEndpoint

/// The routes of `newsletter serve`, through HummingbirdTesting's router client, against a real
/// SQLite state file.
@Suite struct ReaderRouteTests {
    static let secret = Array("a-test-secret-of-more-than-32-bytes-0123456789".utf8)
    static let oldSecret = Array("the-previous-secret-also-over-32-bytes-abcdefg".utf8)
    let folder: TemporaryFolder
    let ledger: Ledger
    let keys = SigningKeys(current: Self.secret, previous: Self.oldSecret)
    let readers = ["ada@example.org", "Grace.Hopper@Example.net", "zoe@example.net"]

    init() throws {
        folder = try TemporaryFolder(prefix: "readers-test")
        ledger = try Ledger.open(at: folder.url.appendingPathComponent("state.sqlite"))
        let item = Item(id: "a", topic: "T", title: "A", date: Day(year: 2026, month: 11, day: 1), summary: "s")
        let bulletin = Bulletin(
            kind: .issue,
            number: 1,
            date: Day(year: 2026, month: 11, day: 22),
            sections: [TopicSection(topic: "T", items: [item])]
        )
        let keys = self.keys
        let oldKeys = SigningKeys(current: Self.oldSecret)
        _ = try ledger.record(
            bulletin,
            rendered: RenderedBulletin(subject: "S", text: "t", html: "<p>h</p>"),
            Recording(
                listedReaders: { [readers] insert in
                    for email in readers { try insert(Reader(email: email)) }
                },
                token: { reader in
                    // The last reader's link was mailed before the secret was rotated.
                    ReaderToken.make(for: reader.key, keys: reader.email == "zoe@example.net" ? oldKeys : keys)
                }
            )
        )
        try folder.write("<!DOCTYPE html><title>1</title>", to: "site/1.html")
        try folder.write("<!DOCTYPE html><title>index</title>", to: "site/index.html")
        try folder.write("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"/>", to: "site/feed.xml")
        try folder.write("secret", to: "private.txt")
    }

    private func token(_ email: String, keys: SigningKeys? = nil) -> String {
        ReaderToken.make(for: email.lowercased(), keys: keys ?? self.keys)
    }

    private func application() -> some ApplicationProtocol {
        let endpoint = ReaderEndpoint(
            listName: "Safeguarding Weekly",
            unsubscribePath: "/unsubscribe",
            archive: (folder.url.appendingPathComponent("site"), "/newsletter/"),
            state: ReaderState(ledger: ledger, keys: keys),
            logger: Logger(label: "test")
        )
        return Application(router: endpoint.router())
    }

    /// Every table's rows, to show that a request changed nothing.
    private func snapshot() throws -> [String] {
        try ledger.database.read { db in
            try ["mailing", "delivery", "suppression", "readerToken"].flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1").map { "\(table): \($0)" }
            }
        }
    }

    private static let oneClick = ByteBuffer(string: "List-Unsubscribe=One-Click")
    private static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test func oneClickPostUnsubscribesAtOnceAndIsHarmlessToRepeat() async throws {
        let path = "/unsubscribe/" + token("ada@example.org")
        try await application().test(.router) { client in
            for _ in 0..<2 {
                try await client.execute(uri: path, method: .post, headers: Self.form, body: Self.oneClick) {
                    response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                    #expect(response.headers[.location] == nil)
                    #expect(response.headers[.setCookie] == nil)
                    #expect(String(buffer: response.body) == "Unsubscribed from Safeguarding Weekly.\n")
                }
            }
        }
        #expect(try ledger.isSuppressed("ada@example.org"))
        #expect(try !ledger.isSuppressed("zoe@example.net"))
        #expect(try ledger.suppressionCounts(since: "2000-01-01T00:00:00Z") == [.web: 1])
    }

    @Test func aTokenMadeBeforeTheSecretWasRotatedStillWorks() async throws {
        let path = "/unsubscribe/" + token("zoe@example.net", keys: SigningKeys(current: Self.oldSecret))
        try await application().test(.router) { client in
            try await client.execute(uri: path, method: .post, headers: Self.form, body: Self.oneClick) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(try ledger.isSuppressed("zoe@example.net"))
    }

    @Test func multipartOneClickIsAcceptedToo() async throws {
        let body = "--b\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b--\r\n"
        try await application().test(.router) { client in
            try await client.execute(
                uri: "/unsubscribe/" + token("Grace.Hopper@Example.net"),
                method: .post,
                headers: [.contentType: "multipart/form-data; boundary=b"],
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(try ledger.isSuppressed("grace.hopper@example.net"))
    }

    @Test func getShowsAButtonPageAndNeverUnsubscribes() async throws {
        let path = "/unsubscribe/" + token("Grace.Hopper@Example.net")
        let before = try snapshot()
        try await application().test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[ReaderEndpoint.HeaderName("Referrer-Policy")!] == "no-referrer")
                let page = String(buffer: response.body)
                #expect(page.contains("Safeguarding Weekly"))
                #expect(page.contains("G•••@E•••.net"))
                #expect(!page.lowercased().contains("hopper"))
                #expect(page.contains("<form method=\"post\">"))
                #expect(page.contains("<button type=\"submit\""))
            }
        }
        #expect(try snapshot() == before)
    }

    @Test func theButtonUnsubscribesAndShowsAConfirmationPage() async throws {
        let path = "/unsubscribe/" + token("ada@example.org")
        try await application().test(.router) { client in
            try await client.execute(
                uri: path,
                method: .post,
                headers: Self.form,
                body: ByteBuffer(string: "List-Unsubscribe=One-Click&from=page")
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body).contains("You are unsubscribed"))
            }
            try await client.execute(uri: path, method: .get) { response in
                #expect(String(buffer: response.body).contains("You are unsubscribed"))
                #expect(!String(buffer: response.body).contains("<form"))
            }
        }
        #expect(try ledger.isSuppressed("ada@example.org"))
    }

    @Test func healthz() async throws {
        try await application().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok\n")
            }
        }
    }

    @Test func archiveFilesWithTheirContentTypes() async throws {
        try await application().test(.router) { client in
            for (uri, type) in [
                ("/newsletter/1.html", "text/html; charset=utf-8"), ("/newsletter/", "text/html; charset=utf-8"),
                ("/newsletter/index.html", "text/html; charset=utf-8"),
                ("/newsletter/feed.xml", "application/atom+xml; charset=utf-8"),
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.headers[.contentType] == type, "\(uri)")
                }
            }
        }
    }

    /// A hostile or broken request: what it is, and the status it must get.
    struct BadRequest: Sendable, CustomTestStringConvertible {
        var name: String
        var method: HTTPRequest.Method
        var uri: @Sendable (String) -> String
        var body: [UInt8]
        var type = "application/x-www-form-urlencoded"
        var status: HTTPResponse.Status
        var testDescription: String { name }
    }

    static let badRequests: [BadRequest] = {
        let oneClick = Array("List-Unsubscribe=One-Click".utf8)
        let forged = Base64URL.encode([UInt8](repeating: 7, count: 16))
        return [
            BadRequest(
                name: "forged token",
                method: .post,
                uri: { _ in "/unsubscribe/" + forged },
                body: oneClick,
                status: .notFound
            ),
            BadRequest(
                name: "forged token GET",
                method: .get,
                uri: { _ in "/unsubscribe/" + forged },
                body: [],
                status: .notFound
            ),
            BadRequest(
                name: "damaged token",
                method: .post,
                uri: { t in "/unsubscribe/" + (t.first == "A" ? "B" : "A") + t.dropFirst() },
                body: oneClick,
                status: .notFound
            ),
            BadRequest(
                name: "truncated token",
                method: .post,
                uri: { t in "/unsubscribe/" + t.prefix(15) },
                body: oneClick,
                status: .badRequest
            ),
            BadRequest(
                name: "token with more after it",
                method: .post,
                uri: { t in "/unsubscribe/" + t + "AAAA" },
                body: oneClick,
                status: .badRequest
            ),
            BadRequest(
                name: "absurd token",
                method: .post,
                uri: { _ in "/unsubscribe/" + String(repeating: "x", count: 5000) },
                body: oneClick,
                status: .badRequest
            ),
            BadRequest(
                name: "token with percent-encoded junk",
                method: .post,
                uri: { _ in "/unsubscribe/%FF%FE%00%2F..%2F..%2Fx" },
                body: oneClick,
                status: .badRequest
            ),
            BadRequest(
                name: "address instead of token",
                method: .get,
                uri: { _ in "/unsubscribe/ada%40example.org" },
                body: [],
                status: .badRequest
            ),
            BadRequest(
                name: "empty body",
                method: .post,
                uri: { t in "/unsubscribe/" + t },
                body: [],
                status: .badRequest
            ),
            BadRequest(
                name: "wrong field",
                method: .post,
                uri: { t in "/unsubscribe/" + t },
                body: Array("List-Unsubscribe=Yes".utf8),
                status: .badRequest
            ),
            BadRequest(
                name: "non-UTF-8 body",
                method: .post,
                uri: { t in "/unsubscribe/" + t },
                body: Array("List-Unsubscribe=".utf8) + [0xFF, 0xFE, 0xC3],
                status: .badRequest
            ),
            BadRequest(
                name: "non-UTF-8 escape in body",
                method: .post,
                uri: { t in "/unsubscribe/" + t },
                body: Array("List-Unsubscribe=One-Click%FF".utf8),
                status: .badRequest
            ),
            BadRequest(
                name: "oversized body",
                method: .post,
                uri: { t in "/unsubscribe/" + t },
                body: oneClick + Array(repeating: UInt8(ascii: "&"), count: 100_000),
                status: .contentTooLarge
            ),
            BadRequest(name: "unknown path", method: .get, uri: { _ in "/wp-login.php" }, body: [], status: .notFound),
            BadRequest(
                name: "unknown method",
                method: .put,
                uri: { t in "/unsubscribe/" + t },
                body: oneClick,
                status: .notFound
            ),
            BadRequest(
                name: "bare unsubscribe path",
                method: .post,
                uri: { _ in "/unsubscribe" },
                body: oneClick,
                status: .notFound
            ),
            BadRequest(
                name: "old ?email= link",
                method: .get,
                uri: { _ in "/unsubscribe?email=ada%40example.org" },
                body: [],
                status: .notFound
            ),
            BadRequest(
                name: "traversal",
                method: .get,
                uri: { _ in "/newsletter/../private.txt" },
                body: [],
                status: .notFound
            ),
            BadRequest(
                name: "encoded traversal",
                method: .get,
                uri: { _ in "/newsletter/..%2Fprivate.txt" },
                body: [],
                status: .notFound
            ),
            BadRequest(
                name: "encoded traversal to state",
                method: .get,
                uri: { _ in "/newsletter/%2e%2e%2fstate.sqlite" },
                body: [],
                status: .notFound
            ),
            BadRequest(
                name: "archive file not written by the archive",
                method: .get,
                uri: { _ in "/newsletter/01.html" },
                body: [],
                status: .notFound
            ),
            BadRequest(
                name: "missing archive page",
                method: .get,
                uri: { _ in "/newsletter/99.html" },
                body: [],
                status: .notFound
            ),
        ]
    }()

    @Test(arguments: badRequests)
    func aBadRequestGetsAPlain4xxChangesNothingAndTheNextRequestIsServed(_ bad: BadRequest) async throws {
        let before = try snapshot()
        let uri = bad.uri(token("ada@example.org"))
        try await application().test(.router) { client in
            try await client.execute(
                uri: uri,
                method: bad.method,
                headers: [.contentType: bad.type],
                body: ByteBuffer(bytes: bad.body)
            ) { response in
                #expect(response.status == bad.status)
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(!String(buffer: response.body).contains("{"))
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(try snapshot() == before)
    }

    @Test func listenAddresses() throws {
        #expect(try ListenAddress(parsing: "127.0.0.1:8080") == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(try ListenAddress(parsing: "[::1]:9000") == ListenAddress(host: "::1", port: 9000))
        for bad in ["8080", "localhost", ":80", "host:99999", "host:x", "a b:1"] {
            #expect(throws: NewsletterError.self) { try ListenAddress(parsing: bad) }
        }
    }

    @Test func masks() {
        #expect(AddressMask.mask("ada.lovelace@example.org") == "a•••@e•••.org")
        #expect(AddressMask.mask("x@localhost") == "x•••@l•••")
    }
}
