import Hummingbird
import NewsletterCore
import Publishing

extension ReaderEndpoint {
    /// The reader's own page: `GET` shows it; `POST` with `action` saves topics, unsubscribes, mails
    /// their data, or (after a confirming button) erases it.
    func addManageRoutes(to router: Router<ReaderRequestContext>, desk: ReaderDesk, base: String) {
        let route = RouterPath(base + "/manage/:token")
        router.get(route) { _, context in
            let token = context.parameters.get("token") ?? ""
            switch try await answerStateFailure({ () throws(NewsletterError) in try await desk.reader(ofPage: token) })
            {
            case .answer(let response): return response
            case .value(nil): return Self.unknownPageLink
            case .value(let page?): return Self.html(.ok, managePage(page, desk: desk))
            }
        }
        let publicOrigin = Self.origin(of: desk.settings.url)
        router.post(route) { request, context in
            guard !Self.isCrossSite(request, publicOrigin: publicOrigin) else { return Self.crossSiteRefusal }
            return try await manage(request: request, context: context, desk: desk)
        }
    }

    private func managePage(_ page: ReaderDesk.Page, desk: ReaderDesk, notice: String? = nil) -> String {
        ReaderPages.manage(
            listName: listName,
            maskedAddress: AddressMask.mask(page.email),
            topics: desk.topics,
            chosen: page.topics,
            editionChoice: page.editionChoice,
            isSubscribed: page.isSubscribed,
            notice: notice
        )
    }

    private func manage(request: Request, context: ReaderRequestContext, desk: ReaderDesk) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let pairs: [FormBody.Pair]
        switch await Self.formPairs(request) {
        case .answer(let problem): return problem
        case .value(let decoded): pairs = decoded
        }
        let listName = listName
        let answer = try await answerStateFailure { () throws(NewsletterError) -> Response in
            guard var page = try await desk.reader(ofPage: token) else { return Self.unknownPageLink }
            guard let asked = ReaderForms.pageAction(pairs) else {
                return Self.plain(.badRequest, "Unknown action or choice of issue: use the buttons of the page.\n")
            }
            let choice = asked.editionChoice
            switch asked.action {
            case "topics":
                guard let kept = try await desk.choose(topics: asked.topics, editionChoice: choice, for: page) else {
                    // A reader no longer on the list: their link puts nobody back on it.
                    let notice = "You are not on the list now, so there is nothing to choose. Sign up again to return."
                    return Self.html(.conflict, managePage(page, desk: desk, notice: notice))
                }
                page.topics = kept
                page.editionChoice = choice
                let notice =
                    choice == .topics && page.topics.isEmpty
                    ? "Saved. With no topic ticked you get the whole issue, from the next one."
                    : "Saved. Your choice holds from the next issue and alert."
                return Self.html(.ok, managePage(page, desk: desk, notice: notice))
            case "unsubscribe":
                try await desk.unsubscribe(page.email)
                return Self.html(.ok, ReaderPages.done(listName: listName))
            case "data":
                try await desk.mailData(to: page.email)
                return Self.html(
                    .ok,
                    managePage(page, desk: desk, notice: "Everything we hold about you is on its way to your address.")
                )
            case "delete":
                return Self.html(
                    .ok,
                    ReaderPages.confirmErasure(listName: listName, maskedAddress: AddressMask.mask(page.email))
                )
            case "delete-confirmed":
                try await desk.erase(page.email)
                return Self.html(.ok, ReaderPages.erased(listName: listName))
            default:
                return Self.plain(.badRequest, "Unknown action: use the buttons of the page.\n")
            }
        }
        switch answer {
        case .answer(let response), .value(let response): return response
        }
    }

    static var unknownPageLink: Response {
        plain(.notFound, "This link is not valid. Use the link at the bottom of a message you received.\n")
    }
}
