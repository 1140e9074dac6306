import Foundation
import MIME
import NewsletterCore

extension ConfigurationValidator {
    /// The checked `bounces` section, or `nil` when there is none.
    func bounces(
        _ raw: ConfigurationFile.Bounces?,
        unsubscribeSecret: String?
    ) throws(NewsletterError) -> Configuration.Bounces? {
        guard let raw else { return nil }
        if let address = raw.address {
            do { try Mailbox.validate(address: try line(address, key: "bounces.address")) } catch let error
                as NewsletterError
            {
                throw error
            } catch {
                throw bad("bounces.address", "\(error); write a plain address such as bounces@example.org")
            }
            guard !address.prefix(while: { $0 != "@" }).contains("+") else {
                throw bad("bounces.address", "must not contain '+': each message's envelope sender adds +TOKEN to it")
            }
            guard raw.secretEnv != nil || unsubscribeSecret != nil else {
                throw bad(
                    "bounces.address",
                    "VERP tokens are signed: set bounces.secretEnv (or unsubscribe.secretEnv or secretFile) to "
                        + "where the secret is kept"
                )
            }
        }
        let softLimit = raw.softLimit ?? Configuration.Bounces.defaultSoftLimit
        guard (1...100).contains(softLimit) else { throw bad("bounces.softLimit", "must be between 1 and 100") }
        let blockedShare = raw.blockedShare ?? Configuration.Bounces.defaultBlockedShare
        guard blockedShare > 0, blockedShare <= 1 else {
            throw bad("bounces.blockedShare", "must be more than 0 and at most 1 (1 turns the breaker off)")
        }
        let blockedWindow = raw.blockedWindow ?? Configuration.Bounces.defaultBlockedWindow
        guard (5...10_000).contains(blockedWindow) else {
            throw bad("bounces.blockedWindow", "must be between 5 and 10000 recent attempts")
        }
        return Configuration.Bounces(
            address: raw.address,
            softLimit: softLimit,
            blockedShare: blockedShare,
            blockedWindow: blockedWindow,
            secret: try environmentVariable(raw.secretEnv, key: "bounces.secretEnv").map { .environment($0) },
            reportInbox: try raw.mailbox.map { value throws(NewsletterError) in try reportInbox(value) }
        )
    }

    private func reportInbox(
        _ raw: ConfigurationFile.Bounces.Mailbox
    ) throws(NewsletterError) -> Configuration.Bounces.ReportInbox {
        let url = try line(raw.url, key: "bounces.mailbox.url")
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme?.lowercased(),
            let host = parsed.host, !host.isEmpty
        else { throw bad("bounces.mailbox.url", "'\(url)' is not a URL; write imaps://host/INBOX or pop3s://host") }
        switch scheme {
        case "imaps", "imap", "pop3s", "pop3": break
        default:
            throw bad(
                "bounces.mailbox.url",
                "the scheme must be imaps, imap (STARTTLS is then required), pop3s or pop3, not '\(scheme)'"
            )
        }
        guard !raw.username.isEmpty, WebAddress.controlCharacter(in: raw.username) == nil else {
            throw bad("bounces.mailbox.username", "must be a non-empty single line")
        }
        guard let variable = try environmentVariable(raw.passwordEnv, key: "bounces.mailbox.passwordEnv") else {
            throw bad("bounces.mailbox.passwordEnv", "name the environment variable that holds the mailbox password")
        }
        let timeout = raw.timeoutSeconds ?? 30
        guard (1...3600).contains(timeout) else {
            throw bad("bounces.mailbox.timeoutSeconds", "must be between 1 and 3600")
        }
        return Configuration.Bounces.ReportInbox(
            url: url,
            username: raw.username,
            passwordEnvironmentVariable: variable,
            caFile: try raw.caFile.map { value throws(NewsletterError) in
                try existing(value, key: "bounces.mailbox.caFile", folder: false)
            },
            timeoutSeconds: timeout
        )
    }
}
