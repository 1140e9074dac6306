import DKIM
import Foundation
import MIME

/// The newsletter's settings, as read from `newsletter.json`.
///
/// Load one with ``load(from:)``: it decodes the file, refuses unknown keys, resolves every
/// path against the config file's own folder and validates every value up front, so that a
/// mistake is reported before anything is rendered or sent.
package struct Configuration: Sendable {
    /// The list's display name, e.g. "Safeguarding Weekly".
    package var name: String
    /// The sender, e.g. `Safeguarding Weekly <news@example.org>`.
    package var from: Mailbox
    /// Where replies go, if not to the sender.
    package var replyTo: Mailbox?
    /// The Mustache template of the subject line (`name`, `number`, `date`).
    package var subject: String
    /// The folder of item files (`*.md`).
    package var itemsFolder: URL
    /// The subscriber list (CSV).
    package var subscribersFile: URL
    /// The SQLite state database.
    package var stateFile: URL
    /// The folder of Mustache templates.
    package var templatesFolder: URL
    /// The order of topic headings; topics not listed follow, by name.
    package var topics: [String]
    /// The Mustache template of an issue's web archive address (`number`).
    package var archiveURL: String
    /// How readers unsubscribe.
    package var unsubscribe: Unsubscribe
    /// How messages leave.
    package var smtp: SMTP
    /// Every relay when `smtp` is a list (a pool); empty when it is one object (see ``allRelays``).
    package var relays: [SMTP] = []
    /// The config file itself.
    package var file: URL
    /// The feeds `fetch` reads into draft items.
    package var feeds: [Feed] = []
    /// The DKIM signing keys, loaded and checked; empty when messages go out unsigned.
    package var dkim: [DKIMKey] = []
    /// The files the ``dkim`` keys were read from, in the same order.
    package var dkimKeyFiles: [URL] = []
    /// Where delivery reports come back (`bounces`); `nil` when the list does not read them.
    package var bounces: Bounces? = nil
    /// The static web archive, when the config has `archive`.
    package var archive: Archive? = nil
    /// The sign-up form `serve` offers, when the list takes sign-ups (`subscribe`).
    package var subscribe: Subscribe? = nil
    /// How many days after a mailing is complete its per-reader delivery rows are kept
    /// (`retention.deliveryDays`); then they collapse into counts.
    package var deliveryDays = Self.defaultDeliveryDays
    /// The default of ``deliveryDays``: 90.
    package static let defaultDeliveryDays = 90

    /// Where the web archive is written and where readers find it.
    package struct Archive: Sendable {
        /// The folder the pages are written to.
        package var folder: URL
        /// The public address of that folder, ending in "/": issue N is at `url` + "N.html".
        package var url: String
    }

    /// How readers unsubscribe: an address to mail and a page to visit (RFC 8058 one-click).
    package struct Unsubscribe: Sendable {
        /// The address of `List-Unsubscribe: <mailto:…>`.
        package var mailto: String
        /// The Mustache template of the personalised unsubscribe page (`email`).
        package var url: String
        /// Where the secret that signs unsubscribe tokens is kept (`secretEnv` or `secretFile`); `nil`
        /// for the old `{{email}}` links.
        package var secret: Secret?

        /// Whether each reader's link carries a signed token rather than the address.
        package var isSigned: Bool { secret != nil }
    }

    /// Where a signing secret is kept. It is never in the config file itself.
    package enum Secret: Sendable, Equatable {
        /// In the environment variable of this name; `NAME_PREVIOUS` may hold the secret it replaced.
        case environment(String)
        /// In this file, readable by its owner only: the secret on its first line and, during a
        /// rotation, the secret it replaced on the second.
        case file(URL)

        /// The config key that names it, under `section`: `unsubscribe.secretEnv`, `unsubscribe.secretFile`.
        package func key(in section: String) -> String {
            switch self {
            case .environment: "\(section).secretEnv"
            case .file: "\(section).secretFile"
            }
        }
    }

    /// The SMTP relay and how hard to drive it.
    package struct SMTP: Sendable {
        /// How the connection is secured (`smtp.tls`): the one TLS mode of the config and of every SMTP connection.
        package enum TLS: String, Sendable, CaseIterable {
            /// Clear text throughout (`smtp://`): only for a relay on this machine or a trusted network.
            case none
            /// `smtp://` upgraded with STARTTLS before anything else is sent. Fails, never falls back to
            /// clear text, when the server does not offer STARTTLS.
            case starttls
            /// `smtps://`: TLS from the first byte (usually port 465).
            case implicit
        }

        /// `smtp://host:port` or `smtps://host:port`.
        package var url: String
        /// How the connection is secured.
        package var tls: TLS
        /// The AUTH user name; `nil` for no authentication.
        package var username: String?
        /// The environment variable that holds the password.
        package var passwordEnvironmentVariable: String?
        /// An extra trust anchor (PEM) for the server's certificate.
        package var caFile: URL?
        /// Parallel connections (worker threads).
        package var connections: Int
        /// The most messages a second; 0 for no limit.
        package var ratePerSecond: Double
        /// Seconds to wait for the server before giving up on a step.
        package var timeoutSeconds: Int
        /// Tries per delivery within one run before it is left deferred for the next run.
        package var maxAttempts: Int
    }
}
