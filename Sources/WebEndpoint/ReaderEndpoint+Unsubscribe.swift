import Hummingbird
import NIOCore
import NewsletterCore
import Signing

extension ReaderEndpoint {
    /// `POST` of an unsubscribe link: with `List-Unsubscribe=One-Click`, suppresses the reader at once.
    func unsubscribe(request: Request, context: ReaderRequestContext) async throws -> Response {
        guard let token = wellFormedToken(context) else { return Self.badLink }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Self.maximumBodySize {
            return Self.tooLarge
        }
        let body: [UInt8]
        switch await Self.collect(request.body, limit: Self.maximumBodySize) {
        case .value(let bytes): body = bytes
        case .answer(let problem): return problem
        }
        guard let oneClick = OneClickRequest(body: body, contentType: request.headers[.contentType]) else {
            return Self.plain(
                .badRequest,
                "This is not an unsubscribe request: the body must be List-Unsubscribe=One-Click.\n"
            )
        }
        let state = state
        switch try await answerStateFailure({ () throws(NewsletterError) in
            try await state.unsubscribe(token: token)
        }) {
        case .answer(let response): return response
        case .value(.unknownToken): return Self.unknownLink
        case .value(.unsubscribed):
            if oneClick.fromPage { return Self.html(.ok, ReaderPages.done(listName: listName)) }
            return Self.plain(.ok, "Unsubscribed from \(listName).\n")
        }
    }

    /// `GET` of an unsubscribe link: a page with one button; never unsubscribes by itself.
    func showPage(context: ReaderRequestContext) async throws -> Response {
        guard let token = wellFormedToken(context) else { return Self.badLink }
        switch try await answerStateFailure({ () throws(NewsletterError) in try await state.lookUp(token: token) }) {
        case .answer(let response): return response
        case .value(.unknownToken): return Self.unknownLink
        case .value(.reader(let email, let isSuppressed)):
            let page = ReaderPages.confirm(
                listName: listName,
                maskedAddress: AddressMask.mask(email),
                isSuppressed: isSuppressed
            )
            return Self.html(.ok, page)
        }
    }

    // MARK: - Helpers

    private func wellFormedToken(_ context: ReaderRequestContext) -> String? {
        guard let token = context.parameters.get("token"), ReaderToken.isWellFormed(token) else { return nil }
        return token
    }

    /// A database failure (busy for longer than the busy timeout, disk full) as a 503: the reader may retry.
    func answerStateFailure<T: Sendable>(
        _ body: () async throws(NewsletterError) -> T
    ) async throws -> Answered<T> {
        do throws(NewsletterError) {
            return .value(try await body())
        } catch {
            logger.error("the state database failed: \(error)")
            var response = Self.plain(
                .serviceUnavailable,
                "Cannot record this right now; please try again in a minute.\n"
            )
            response.headers[.retryAfter] = "60"
            return .answer(response)
        }
    }

    /// The body, at most ``maximumBodySize`` bytes, within ``bodyDeadline``; or the answer to give instead.
    static func collect(_ body: RequestBody, limit: Int) async -> Answered<[UInt8]> {
        await withTaskGroup(of: Answered<[UInt8]>?.self) { group in
            group.addTask {
                do {
                    let buffer = try await body.collect(upTo: limit)
                    return .value(Array(buffer.readableBytesView))
                } catch is NIOTooManyBytesError {
                    return .answer(tooLarge)
                } catch {
                    return .answer(plain(.badRequest, "The request body could not be read.\n"))
                }
            }
            group.addTask {
                try? await Task.sleep(for: bodyDeadline)
                return Task.isCancelled ? nil : .answer(plain(.requestTimeout, "The request body took too long.\n"))
            }
            var answer: Answered<[UInt8]> = .answer(plain(.requestTimeout, "The request body took too long.\n"))
            for await result in group {
                if let result {
                    answer = result
                    break
                }
            }
            group.cancelAll()
            return answer
        }
    }

    static var badLink: Response {
        plain(.badRequest, "This unsubscribe link is damaged: copy the whole link from the message.\n")
    }

    static var unknownLink: Response {
        plain(
            .notFound,
            "This unsubscribe link is not valid. Use the link in a message you received, or reply to it.\n"
        )
    }

    static var tooLarge: Response {
        plain(.contentTooLarge, "The request body is too large.\n")
    }
}

/// A value to go on with, or the answer to give instead.
enum Answered<Value: Sendable>: Sendable {
    /// Go on with this.
    case value(Value)
    /// Stop and send this.
    case answer(Response)
}
