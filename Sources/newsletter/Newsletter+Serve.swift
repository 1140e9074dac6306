import ArgumentParser
import Foundation
import Mailer
import NewsletterCore
import Publishing
import Settings
import WebEndpoint

extension Newsletter {
    /// The readers' web endpoint.
    struct Serve: AsyncNewsletterCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the readers' web endpoint: one-click unsubscribe, the web archive and /healthz; with "
                + "`subscribe`, the sign-up form and each reader's own page.",
            discussion: """
                One-click unsubscribe (RFC 8058) and its confirmation page for a browser, the web archive and \
                /healthz; with `subscribe` configured, the double opt-in sign-up form, its confirmation link, \
                and each reader's own page (their topics and edition, unsubscribe, their data mailed to them, \
                erasure). Meant to sit behind the organisation's HTTPS reverse proxy. Runs until SIGTERM or \
                SIGINT, then finishes the requests in flight and exits 0. Logs one line per request on stderr.
                """
        )

        @OptionGroup var options: GlobalOptions

        @Option(help: "HOST:PORT to listen on.")
        var listen: String = "127.0.0.1:8080"

        @Option(help: ArgumentHelp("Seconds a connection may stay silent before it is closed.", visibility: .hidden))
        var idleTimeout: Int = 15

        @Option(help: ArgumentHelp("Seconds added to the clock (tests of expiry).", visibility: .hidden))
        var clockOffset: Int64 = 0

        func perform() async throws {
            let (endpoint, address) = try prepare()
            try await endpoint.run(listening: address, idleTimeout: .seconds(max(1, idleTimeout)))
        }

        /// Checks the address, the config and the secret, and opens the state database.
        private func prepare() throws(NewsletterError) -> (ReaderEndpoint, ListenAddress) {
            let address = try ListenAddress(parsing: listen)
            let configuration = try Configuration.load(from: options.config)
            var logger = options.logger()
            logger.logLevel = options.verbose ? .debug : .info
            var endpoint = try ReaderEndpoint.open(configuration: configuration, logger: logger)
            let publisher = Publisher(configuration: configuration, logger: logger)
            endpoint.desk = try publisher.readerDesk(
                transport: SMTPTransport(configuration: configuration, logger: logger),
                clock: Clock(offsetSeconds: clockOffset)
            )
            return (endpoint, address)
        }
    }
}
