import Hummingbird
import Logging
import NIOCore

/// Logs one line per request (method, the route matched with its parameters left out, status,
/// milliseconds: never an address or a token), and answers every failure with a short plain page
/// instead of the framework's JSON.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = ReaderRequestContext

    let logger: Logger

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = Self.plainPage(for: error.status)
        } catch is NIOTooManyBytesError {
            response = Self.plainPage(for: .contentTooLarge)
        } catch {
            logger.error("request failed: \(String(describing: type(of: error)))")
            response = Self.plainPage(for: .internalServerError)
        }
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let route = context.endpointPath ?? "(no route)"
        logger.info("\(request.method) \(route) \(response.status.code) \(Self.format(milliseconds)) ms")
        return response
    }

    private static func format(_ milliseconds: Double) -> String {
        let tenths = Int((milliseconds * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// A plain page for `status`.
    static func plainPage(for status: HTTPResponse.Status) -> Response {
        let text: String =
            switch status.code {
            case 404: "There is nothing here.\n"
            case 405: "That method is not allowed here.\n"
            case 413: "The request body is too large.\n"
            case 400..<500: "The request could not be understood.\n"
            default: "Something went wrong on our side; please try again later.\n"
            }
        return ReaderEndpoint.plain(status, text)
    }
}
