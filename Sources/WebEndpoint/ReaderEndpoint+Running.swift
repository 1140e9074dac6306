import Hummingbird
import Logging
import NewsletterCore

extension ReaderEndpoint {
    /// How long a connection may stay silent (no complete request part) before it is closed: a
    /// stalled or slow client holds nothing for long.
    package static let idleTimeout: Duration = .seconds(15)

    /// The application serving this endpoint on `address`.
    package func application(
        listening address: ListenAddress,
        idleTimeout: Duration = Self.idleTimeout
    )
        -> some ApplicationProtocol
    {
        Application(
            router: router(),
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [RequestBodyDeadline(deadline: .init(Self.bodyDeadline))],
                    idleTimeout: .init(idleTimeout)
                )
            ),
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
            logger: logger
        )
    }

    /// Serves until SIGTERM or SIGINT, then lets the requests in flight finish and returns.
    ///
    /// Fails with `.unavailable` when the address cannot be bound.
    package func run(
        listening address: ListenAddress,
        idleTimeout: Duration = Self.idleTimeout
    )
        async throws(NewsletterError)
    {
        do {
            // The courier mails what sign-ups queued, beside the server, until the server stops.
            let courier = desk.map { desk in Task { await desk.courier.run() } }
            defer { courier?.cancel() }
            let counts = desk.map { desk in Task { await desk.flushCountsEveryMinute() } }
            defer { counts?.cancel() }
            // The subscriber file is read and indexed before the first reader needs it.
            desk?.warmUp()
            try await application(listening: address, idleTimeout: idleTimeout)
                .runService(gracefulShutdownSignals: [.sigterm, .sigint])
            await desk?.flushCounts()
        } catch {
            throw NewsletterError(
                .unavailable,
                "cannot serve on \(address.host):\(address.port): \(error)",
                context: "--listen"
            )
        }
    }
}
