import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP client for the end-to-end tests (URLSession, libcurl underneath on Linux), and raw
/// TCP for requests no client library would send.
enum HTTP {
    /// One answer.
    struct Answer: Sendable {
        var status: Int
        var headers: [String: String]
        var body: String
        /// When the answer was complete.
        var received: Date
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.httpMaximumConnectionsPerHost = 64
        return URLSession(configuration: configuration)
    }()

    /// Sends one request and waits for its answer (no redirects are followed).
    static func request(
        _ url: String,
        method: String = "GET",
        body: Data? = nil,
        contentType: String? = "application/x-www-form-urlencoded"
    ) async throws -> Answer {
        guard let address = URL(string: url) else { throw Failure(description: "bad URL \(url)") }
        var request = URLRequest(url: address)
        request.httpMethod = method
        request.httpBody = body
        if body != nil, let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw Failure(description: "not an HTTP answer") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers["\(key)".lowercased()] = "\(value)" }
        return Answer(
            status: http.statusCode,
            headers: headers,
            body: String(decoding: data, as: UTF8.self),
            received: Date()
        )
    }

    /// A one-click unsubscribe POST (RFC 8058).
    static func oneClick(_ url: String) async throws -> Answer {
        try await request(url, method: "POST", body: Data("List-Unsubscribe=One-Click".utf8))
    }

    /// Sends `bytes` over a fresh TCP connection to 127.0.0.1:`port`, then reads until the server
    /// closes or `timeout` passes. Returns what came back and whether the server closed the connection.
    static func raw(
        _ bytes: [UInt8],
        port: Int,
        timeout: TimeInterval = 10
    ) throws -> (reply: String, closedByServer: Bool) {
        let connection = try RawConnection(port: port)
        connection.send(bytes)
        return connection.readToEnd(timeout: timeout)
    }

    /// A TCP port that was free a moment ago on 127.0.0.1.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "no free port: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A raw TCP connection to 127.0.0.1, for requests no HTTP client would send.
final class RawConnection {
    private let socket: Int32

    /// Connects to 127.0.0.1:`port`.
    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw HTTP.Failure(description: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // No close here: `socket` is set, so a throw runs deinit, which closes it. Closing it twice
        // would close whatever descriptor another test opened under the same number meanwhile.
        guard connected == 0 else { throw HTTP.Failure(description: "connect: \(errno)") }
    }

    deinit { close(socket) }

    /// Sends `bytes` (as much as the server takes).
    func send(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { return }
            sent += count
        }
    }

    /// Reads until the server closes the connection or `timeout` passes.
    func readToEnd(timeout: TimeInterval) -> (reply: String, closedByServer: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var seconds = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
            let count = recv(socket, &buffer, buffer.count, 0)
            if count > 0 {
                reply += buffer[..<count]
                continue
            }
            if count == 0 || errno == ECONNRESET { return (String(decoding: reply, as: UTF8.self), true) }
        }
        return (String(decoding: reply, as: UTF8.self), false)
    }
}
