import ArgumentParser
import Composer
import Foundation
import Ledger
import Mailer
import NewsletterCore
import Publishing
import Settings
import WebEndpoint

extension Newsletter {
    /// The readers' web endpoint.
    struct Serve: AsyncNewsletterCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve one-click unsubscribe, its confirmation page, the web archive and /healthz.",
            discussion: """
                Meant to sit behind the organisation's HTTPS reverse proxy. Runs until SIGTERM or SIGINT, \
                then finishes the requests in flight and exits 0. Logs one line per request on stderr.
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
            if let subscribe = configuration.subscribe, let keys = try configuration.signingKeys() {
                let publisher = Publisher(configuration: configuration, logger: logger)
                endpoint.signUp = SignUpDesk(
                    settings: subscribe,
                    topics: configuration.topics,
                    keys: keys,
                    ledger: try Ledger.open(at: configuration.stateFile),
                    directory: SubscriberFileDirectory(list: publisher.subscriberList),
                    post: RelayReaderPost(
                        letters: try ReaderLetterFactory(configuration: configuration),
                        transport: SMTPTransport(configuration: configuration, logger: logger)
                    ),
                    logger: logger,
                    clock: { Int64(Date().timeIntervalSince1970) + clockOffset }
                )
            }
            return (endpoint, address)
        }
    }

    /// Rewrites the web archive.
    struct Archive: NewsletterCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rewrite the web archive (a page per issue, the index, the Atom feed) from the state database."
        )

        @OptionGroup var options: GlobalOptions

        func perform() throws {
            let publisher = try options.publisher()
            let pages = try publisher.rebuildArchive()
            let folder = publisher.configuration.archive?.folder.path ?? ""
            let plural = pages == 1 ? "" : "s"
            Console.error("archive: \(pages) issue page\(plural), index.html and feed.xml in \(folder)")
        }
    }
}
