import Hummingbird
import Ledger
import MIME
import NIOCore
import NewsletterCore
import Publishing
import TextBasics

extension ReaderEndpoint {
    /// The largest sign-up form body read: an address, a name and every topic ticked fit many times over.
    static let maximumFormSize = 16 * 1024

    /// The sign-up form, its confirmation link and the readers' own pages, under the path of `subscribe.url`.
    func addSignUpRoutes(to router: Router<ReaderRequestContext>, desk: ReaderDesk) {
        let path = Self.path(of: desk.settings.url)
        let base = path == "/" ? "" : path
        router.get(RouterPath(path)) { _, _ in
            Self.html(.ok, form(desk: desk))
        }
        let publicOrigin = Self.origin(of: desk.settings.url)
        router.post(RouterPath(path)) { request, context in
            guard !Self.isCrossSite(request, publicOrigin: publicOrigin) else {
                return try await refuseCrossSiteSignUp(request: request, desk: desk)
            }
            return try await signUp(request: request, context: context, desk: desk)
        }
        router.get(RouterPath(base + "/confirm/:token")) { _, context in
            try await showConfirmation(context: context, desk: desk)
        }
        router.post(RouterPath(base + "/confirm/:token")) { request, context in
            guard !Self.isCrossSite(request, publicOrigin: publicOrigin) else { return Self.crossSiteRefusal }
            return try await confirm(context: context, desk: desk)
        }
        addManageRoutes(to: router, desk: desk, base: base)
    }

    private func form(desk: ReaderDesk, problem: String? = nil, email: String = "", name: String = "") -> String {
        ReaderPages.signUpForm(
            listName: listName,
            topics: desk.topics,
            consent: desk.settings.consent,
            stamp: desk.formStamp(),
            problem: problem,
            email: email,
            name: name
        )
    }

    /// `POST` of the form: the same page for every address, whatever happens behind it.
    private func signUp(request: Request, context: ReaderRequestContext, desk: ReaderDesk) async throws -> Response {
        let pairs: [FormBody.Pair]
        switch await Self.formPairs(request) {
        case .answer(let problem): return problem
        case .value(let decoded): pairs = decoded
        }
        let fields: ReaderForms.SignUp
        switch ReaderForms.signUp(pairs) {
        case .success(let checked): fields = checked
        case .failure(.address(let name)):
            let page = form(desk: desk, problem: "Enter a whole email address, such as name@example.org.", name: name)
            return Self.html(.badRequest, page)
        case .failure(.name(let email)):
            let page = form(
                desk: desk,
                problem: "Enter a name of one line and up to \(ReaderForms.maximumNameScalars) letters (or none).",
                email: email
            )
            return Self.html(.badRequest, page)
        }
        guard !fields.stamp.isEmpty else {
            // A form without a stamp is not our own: our own form, filled in, asks for the button once
            // more. Nothing is sent for the first post.
            let page = form(
                desk: desk,
                problem: "Please check your details and press Subscribe.",
                email: fields.email,
                name: fields.name
            )
            return Self.html(.ok, page)
        }
        let chosen = Set(fields.topics)
        let form = ReaderDesk.SignUpForm(
            email: fields.email,
            name: fields.name,
            topics: desk.topics.filter { chosen.contains($0) },
            stamp: fields.stamp,
            honeypot: fields.honeypot
        )
        let client = clientAddress(request: request, context: context, trusted: desk.settings.trustedProxies)
        switch try await answerStateFailure({ () throws(NewsletterError) in
            let settings = desk.settings
            _ = try await desk.signUp(form, client: client) { [clients] client, now in
                clients.admit(
                    client,
                    now: now,
                    ipv6Prefix: settings.ipv6Prefix,
                    clientLimit: settings.perClientPerHour,
                    networkLimit: settings.perNetworkPerHour
                )
            }
        }) {
        case .answer(let response): return response
        case .value: return Self.html(.ok, ReaderPages.checkInbox(listName: listName))
        }
    }

    /// A sign-up form sent from another site's page: our own form, filled in, asks for the button
    /// once more (a person who meant it presses it; a page that posted for its visitor gets nothing
    /// sent). Nothing is written: the refusal is counted in memory.
    private func refuseCrossSiteSignUp(request: Request, desk: ReaderDesk) async throws -> Response {
        let pairs: [FormBody.Pair]
        switch await Self.formPairs(request) {
        case .answer(let problem): return problem
        case .value(let decoded): pairs = decoded
        }
        try await desk.count(refusal: .crossSite, now: desk.clock.now)
        let fields = try? ReaderForms.signUp(pairs).get()
        let page = form(
            desk: desk,
            problem: "Please check your details and press Subscribe.",
            email: fields?.email ?? "",
            name: fields?.name ?? ""
        )
        return Self.html(.forbidden, page)
    }

    /// `GET` of a confirmation link: a button, or why the link no longer works.
    private func showConfirmation(context: ReaderRequestContext, desk: ReaderDesk) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        switch try await answerStateFailure({ () throws(NewsletterError) in try await desk.check(confirmation: token) })
        {
        case .answer(let response): return response
        case .value(.valid(let email)):
            return Self.html(.ok, ReaderPages.confirmSignUp(listName: listName, maskedAddress: AddressMask.mask(email)))
        case .value(.expired):
            return Self.html(
                .gone,
                ReaderPages.staleConfirmation(listName: listName, formLink: desk.settings.url, expired: true)
            )
        case .value(.unknown):
            return Self.html(
                .notFound,
                ReaderPages.staleConfirmation(listName: listName, formLink: desk.settings.url, expired: false)
            )
        }
    }

    /// The confirmation button.
    private func confirm(context: ReaderRequestContext, desk: ReaderDesk) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let confirmed = try await answerStateFailure { () throws(NewsletterError) -> (ConfirmationOutcome, String) in
            let outcome = try await desk.confirm(token)
            guard case .confirmed(let email) = outcome else { return (outcome, "") }
            return (outcome, try await desk.pageLink(for: email))
        }
        let outcome: ConfirmationOutcome
        let manageLink: String
        switch confirmed {
        case .answer(let response): return response
        case .value(let value): (outcome, manageLink) = value
        }
        switch outcome {
        case .confirmed:
            return Self.html(.ok, ReaderPages.confirmed(listName: listName, manageLink: manageLink))
        case .expired:
            return Self.html(
                .gone,
                ReaderPages.staleConfirmation(listName: listName, formLink: desk.settings.url, expired: true)
            )
        case .unknown, .unsubscribedSince:
            return Self.html(
                .notFound,
                ReaderPages.staleConfirmation(listName: listName, formLink: desk.settings.url, expired: false)
            )
        }
    }

    /// A form's fields, at most ``maximumFormSize`` bytes within the body deadline; or the answer
    /// to give instead (`413`, `408`, or `400` for bytes that are not UTF-8 or a broken escape).
    static func formPairs(_ request: Request) async -> Answered<[FormBody.Pair]> {
        switch await collect(request.body, limit: maximumFormSize) {
        case .answer(let problem): return .answer(problem)
        case .value(let bytes):
            guard let pairs = FormBody.pairs(bytes) else {
                return .answer(plain(.badRequest, "The form could not be read: send it as a browser does, in UTF-8.\n"))
            }
            return .value(pairs)
        }
    }

    /// The client's address: the connection's, or, when that is a trusted proxy, the last address in
    /// `X-Forwarded-For` that is not one (a client can prepend anything to the header, not append).
    func clientAddress(request: Request, context: ReaderRequestContext, trusted: [String]) -> String {
        let peer = context.remoteAddress?.ipAddress ?? "unknown"
        guard trusted.contains(peer) else { return peer }
        let forwarded = request.headers[values: HeaderName("X-Forwarded-For")!]
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingSpaces() }
        return forwarded.last { !trusted.contains($0) && !$0.isEmpty && $0.count <= 45 } ?? peer
    }
}
