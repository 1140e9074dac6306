import Foundation
import Hummingbird
import Ledger
import Logging
import NewsletterCore
import Publishing
import Settings

/// The readers' web endpoint behind `newsletter serve`: RFC 8058 one-click unsubscribe, the page a
/// browser gets for the same link, the static web archive, `GET /healthz`, and with `subscribe` the
/// sign-up form, its confirmation and each reader's own page, whose rules are Publishing's
/// ``ReaderDesk``: this target keeps HTTP, the pages and the per-client counters.
///
/// Every answer to a bad request is a short plain 4xx page; nothing a client sends makes it write
/// to the state database unless the token is genuine, and nothing it sends ends the process.
package struct ReaderEndpoint: Sendable {
    /// The list's name, shown on the pages.
    package var listName: String
    /// The path of `unsubscribe.url` (`/unsubscribe`): tokens follow it as one more path segment.
    package var unsubscribePath: String
    /// The archive's folder and its path on this server (`/newsletter/`), when the list has one.
    package var archive: (folder: URL, path: String)?
    /// Token lookups and unsubscribes.
    package var state: ReaderState
    /// The sign-up form and the readers' own pages, when the list takes sign-ups (`subscribe`).
    package var desk: ReaderDesk? = nil
    /// Sign-ups per client address this hour.
    let clients = ClientCounter()
    /// One line per request.
    package var logger: Logger

    /// A header field's name (HTTPTypes' `HTTPField.Name`).
    package typealias HeaderName = HTTPFields.Element.Name

    /// The largest request body read (a one-click body is 26 bytes).
    package static let maximumBodySize = 4096
    /// How long a client may take to send a request body, once its head is in, whatever the
    /// method (see ``RequestBodyDeadline``).
    package static let bodyDeadline: Duration = .seconds(10)

    /// The router with every route and the middleware that turns failures into plain pages.
    package func router() -> Router<ReaderRequestContext> {
        let router = Router(context: ReaderRequestContext.self)
        router.middlewares.add(RequestLogMiddleware(logger: logger))
        router.get("/healthz") { _, _ in Self.plain(.ok, "ok\n") }
        let tokenRoute = RouterPath(unsubscribePath == "/" ? "/:token" : unsubscribePath + "/:token")
        router.get(tokenRoute) { _, context in try await showPage(context: context) }
        router.post(tokenRoute) { request, context in try await unsubscribe(request: request, context: context) }
        if let desk { addSignUpRoutes(to: router, desk: desk) }
        if let archive {
            let base = archive.path.hasSuffix("/") ? archive.path : archive.path + "/"
            router.get(RouterPath(base)) { request, _ in
                // The index's links are relative: "/newsletter" must become "/newsletter/".
                guard request.uri.path.hasSuffix("/") else {
                    return Response(status: .movedPermanently, headers: [.location: base])
                }
                return archiveFile("index.html", folder: archive.folder)
            }
            router.get(RouterPath(base + ":file")) { _, context in
                archiveFile(context.parameters.get("file") ?? "", folder: archive.folder)
            }
        }
        return router
    }

    /// The path part of a configured URL, without a trailing "/" (except for the root).
    static func path(of url: String) -> String {
        var path = URLComponents(string: url)?.percentEncodedPath ?? "/"
        if path.isEmpty { path = "/" }
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    // MARK: - Answers

    /// A short plain-text answer.
    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status,
            headers: headers(type: "text/plain; charset=utf-8"),
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }

    /// An HTML page.
    static func html(_ status: HTTPResponse.Status, _ page: String) -> Response {
        var headers = headers(type: "text/html; charset=utf-8")
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }

    /// The headers every answer carries: no caching of readers' pages, no referrer (the link is a secret).
    static func headers(type: String, cache: String = "no-store") -> HTTPFields {
        [
            .contentType: type,
            .cacheControl: cache,
            HeaderName("X-Content-Type-Options")!: "nosniff",
            HeaderName("Referrer-Policy")!: "no-referrer",
            // Never framed: a reader's button must not sit under someone else's page (clickjacking).
            HeaderName("X-Frame-Options")!: "DENY",
        ]
    }
}

extension ReaderEndpoint {
    /// The endpoint of the list `configuration` describes: checks that its links are signed and its
    /// secret is there, and opens the state database (shared with `send`) for writing.
    package static func open(configuration: Configuration, logger: Logger) throws(NewsletterError) -> ReaderEndpoint {
        guard let keys = try configuration.signingKeys() else {
            throw NewsletterError(
                .badConfiguration,
                "unsubscribe.secretEnv: serve checks signed unsubscribe links; set unsubscribe.secretEnv or "
                    + "secretFile to the secret (make one with `openssl rand -base64 48`) and use a plain "
                    + "unsubscribe.url path",
                context: configuration.file.path
            )
        }
        let ledger = try Ledger.open(at: configuration.stateFile)
        return ReaderEndpoint(
            configuration: configuration,
            state: ReaderState(ledger: ledger, keys: keys),
            logger: logger
        )
    }

    /// An endpoint for `configuration`'s list.
    package init(configuration: Configuration, state: ReaderState, logger: Logger) {
        listName = configuration.name
        unsubscribePath = Self.path(of: configuration.unsubscribe.url)
        archive = configuration.archive.map { ($0.folder, Self.path(of: $0.url)) }
        self.state = state
        self.logger = logger
    }
}
