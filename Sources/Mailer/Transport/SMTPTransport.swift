import Foundation
import Ledger
import Logging
import NewsletterCore
import Publishing
import Settings

/// The ``MailingTransport`` that delivers over SMTP through libcurl: a ``DeliveryRun`` over the
/// configured relay or pool of relays.
package struct SMTPTransport: MailingTransport {
    /// The list's settings: relays, connections, rate, attempts and the sender.
    package let configuration: Configuration
    /// Where progress and problems are logged.
    package let logger: Logger
    /// A request to stop early and cleanly, from the command line's signal handling.
    package var stop: DeliveryStop?

    /// A transport for the relays `configuration` names.
    package init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Delivers what is left of `mailing` with a ``DeliveryRun``.
    package func deliver(
        _ mailing: Mailing,
        messages: any MessageSource,
        ledger: Ledger,
        envelopeSender: (@Sendable (Delivery) -> String)?,
        progress: (@Sendable (DeliveryReport) -> Void)?
    ) throws(NewsletterError) -> DeliveryReport {
        var run = DeliveryRun(
            mailing: mailing,
            messages: messages,
            ledger: ledger,
            settings: try smtpSettings(for: configuration.smtp),
            sender: configuration.from.address,
            connections: configuration.smtp.connections,
            ratePerSecond: configuration.smtp.ratePerSecond,
            maxAttempts: configuration.smtp.maxAttempts,
            logger: logger,
            progress: progress
        )
        if configuration.allRelays.count > 1 {
            run.relays = try configuration.allRelays.map { relay throws(NewsletterError) in
                DeliveryRelay(
                    name: relay.url,
                    settings: try smtpSettings(for: relay),
                    connections: relay.connections,
                    ratePerSecond: relay.ratePerSecond
                )
            }
        }
        run.envelopeSender = envelopeSender
        run.stop = stop
        run.blockedShare = configuration.bounces?.blockedShare ?? Configuration.Bounces.defaultBlockedShare
        run.blockedWindow = configuration.bounces?.blockedWindow ?? Configuration.Bounces.defaultBlockedWindow
        return try run.run()
    }

    /// Sends one test copy over a connection of its own and turns the reply into the exit status it
    /// calls for.
    package func sendTestCopy(_ message: [UInt8], to address: String) throws(NewsletterError) -> String {
        try send(message, to: address, through: configuration.smtp)
    }

    /// Sends one message to `address` through the pool: the next relay when one cannot be reached
    /// or defers it, so a relay that is down delays no reader's letter. Fails as the last relay did.
    package func sendLetter(_ message: [UInt8], to address: String) throws(NewsletterError) -> String {
        var last: NewsletterError?
        for relay in configuration.allRelays {
            do throws(NewsletterError) { return try send(message, to: address, through: relay) } catch {
                guard error.code == .unavailable || error.code == .temporaryFailure else { throw error }
                last = error
            }
        }
        throw last ?? NewsletterError(.unavailable, "no SMTP relay is configured")
    }

    private func send(
        _ message: [UInt8],
        to address: String,
        through relay: Configuration.SMTP
    ) throws(NewsletterError)
        -> String
    {
        let settings = try smtpSettings(for: relay)
        let connection: SMTPConnection
        do { connection = try SMTPConnection(settings: settings) } catch {
            throw NewsletterError(.badConfiguration, error.message, context: configuration.file.path)
        }
        let reply = connection.send(from: configuration.from.address, to: address, message: message)
        switch reply.outcome {
        case .accepted:
            return reply.detail
        case .temporary:
            throw NewsletterError(
                .temporaryFailure,
                "the server deferred the test copy: \(reply.detail)",
                context: address
            )
        case .rejectedRecipient, .rejectedMessage:
            throw NewsletterError(.badData, "the server refused the test copy: \(reply.detail)", context: address)
        case .unreachable:
            throw NewsletterError(.unavailable, "the SMTP server cannot be reached: \(reply.detail)")
        case .authenticationFailed:
            throw NewsletterError(.authenticationFailed, "the SMTP server refused the credentials: \(reply.detail)")
        }
    }

    /// The settings of one relay of the pool, with its password read from the environment.
    package func smtpSettings(for smtp: Configuration.SMTP) throws(NewsletterError) -> SMTPSettings {
        var password: String?
        if smtp.username != nil, let variable = smtp.passwordEnvironmentVariable {
            guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                throw NewsletterError(
                    .badConfiguration,
                    "smtp.passwordEnv: the environment variable \(variable) is not set; "
                        + "export it with the SMTP password",
                    context: configuration.file.path
                )
            }
            password = value
        }
        return SMTPSettings(
            url: smtp.url,
            tls: smtp.tls,
            username: smtp.username,
            password: password,
            caFile: smtp.caFile?.path,
            timeoutSeconds: smtp.timeoutSeconds,
            heloDomain: String(configuration.from.domain)
        )
    }
}
