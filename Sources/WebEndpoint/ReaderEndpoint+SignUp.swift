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
        router.post(RouterPath(path)) { request, context in
            try await signUp(request: request, context: context, desk: desk)
        }
        router.get(RouterPath(base + "/confirm/:token")) { _, context in
            try await showConfirmation(context: context, desk: desk)
        }
        router.post(RouterPath(base + "/confirm/:token")) { _, context in
            try await confirm(context: context, desk: desk)
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
        func field(_ name: String) -> String { pairs.last { $0.name == name }?.value.trimmingSpaces() ?? "" }
        let email = field("email")
        let name = field("name")
        guard !email.isEmpty, email.utf8.count <= 254,
            (try? Mailbox.validate(address: email, rules: .international)) != nil
        else {
            let page = form(desk: desk, problem: "Enter a whole email address, such as name@example.org.", name: name)
            return Self.html(.badRequest, page)
        }
        guard name.count <= 200, WebAddress.controlCharacter(in: name) == nil else {
            let page = form(desk: desk, problem: "Enter a name of one line (or none).", email: email)
            return Self.html(.badRequest, page)
        }
        let stamp = field("stamp")
        guard !stamp.isEmpty else {
            // A form on another site (the README's snippet) carries no stamp: our own form, filled in,
            // asks for the button once more. Nothing is sent for the first post.
            let page = form(
                desk: desk,
                problem: "Please check your details and press Subscribe.",
                email: email,
                name: name
            )
            return Self.html(.ok, page)
        }
        let chosen = Set(pairs.filter { $0.name == "topic" }.map(\.value))
        let form = ReaderDesk.SignUpForm(
            email: email,
            name: name,
            topics: desk.topics.filter { chosen.contains($0) },
            stamp: stamp,
            honeypot: field("website")
        )
        let client = clientAddress(request: request, context: context, trusted: desk.settings.trustedProxies)
        switch try await answerStateFailure({ () throws(NewsletterError) in
            let limit = desk.settings.perClientPerHour
            _ = try await desk.signUp(form, client: client) { [clients] client, now in
                clients.admit(client, now: now, limit: limit)
            }
        }) {
        case .answer(let response): return response
        case .value: return Self.html(.ok, ReaderPages.checkInbox(listName: listName))
        }
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
        switch try await answerStateFailure({ () throws(NewsletterError) in try await desk.confirm(token) }) {
        case .answer(let response): return response
        case .value(.confirmed(let email)):
            return Self.html(.ok, ReaderPages.confirmed(listName: listName, manageLink: desk.manageLink(for: email)))
        case .value(.expired):
            return Self.html(
                .gone,
                ReaderPages.staleConfirmation(listName: listName, formLink: desk.settings.url, expired: true)
            )
        case .value(.unknown), .value(.unsubscribedSince):
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
