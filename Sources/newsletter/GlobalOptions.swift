import ArgumentParser
import Foundation
import Logging
import Mailer
import NewsletterCore
import Publishing
import ReportInboxes
import Settings

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The config file (relative paths inside it start at its folder).")
    var config: String = "newsletter.json"

    @Flag(name: .long, help: "Log each step on stderr.")
    var verbose = false

    /// A logger that writes to stderr: warnings and errors only, every step with `--verbose`.
    func logger(quiet: Bool = false) -> Logger {
        var logger = Logger(label: "newsletter") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = verbose ? .debug : (quiet ? .error : .warning)
        return logger
    }

    /// The publisher for the configured list.
    func publisher(quiet: Bool = false) throws(NewsletterError) -> Publisher {
        Publisher(configuration: try Configuration.load(from: config), logger: logger(quiet: quiet))
    }

    /// The SMTP transport `send` and `alert` deliver through; SIGTERM and SIGINT stop it cleanly.
    func transport(for publisher: Publisher) -> any MailingTransport {
        var transport = SMTPTransport(configuration: publisher.configuration, logger: publisher.logger)
        let stop = DeliveryStop()
        StopSignals.watch(stop)
        transport.stop = stop
        return transport
    }

    /// The report mailbox (IMAP or POP3 over libcurl) `bounces` polls.
    var reportInboxes: any ReportInboxService { CurlReportInboxService() }
}
