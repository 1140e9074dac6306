import DKIM
import Foundation

/// The newsletter's settings, as read from `newsletter.json`.
///
/// Load one with ``load(from:)``: it decodes the file, refuses unknown keys, resolves every
/// path against the config file's own folder and validates every value up front, so that a
/// mistake is reported before anything is rendered or sent.
public struct Configuration: Sendable {
    /// The list's display name, e.g. "Safeguarding Weekly".
    public var name: String
    /// The sender, e.g. `Safeguarding Weekly <news@example.org>`.
    public var from: Mailbox
    /// Where replies go, if not to the sender.
    public var replyTo: Mailbox?
    /// The Mustache template of the subject line (`name`, `number`, `date`).
    public var subject: String
    /// The folder of item files (`*.md`).
    public var itemsFolder: URL
    /// The subscriber list (CSV).
    public var subscribersFile: URL
    /// The SQLite state database.
    public var stateFile: URL
    /// The folder of Mustache templates.
    public var templatesFolder: URL
    /// The order of topic headings; topics not listed follow, by name.
    public var topics: [String]
    /// The Mustache template of an issue's web archive address (`number`).
    public var archiveURL: String
    /// How readers unsubscribe.
    public var unsubscribe: Unsubscribe
    /// How messages leave.
    public var smtp: SMTP
    /// Every relay when `smtp` is a list (a pool); empty when it is one object (see ``allRelays``).
    public var relays: [SMTP] = []
    /// The config file itself.
    public var file: URL
    /// The feeds `fetch` reads into draft items.
    public var feeds: [Feed] = []
    /// The DKIM signing keys, loaded and checked; empty when messages go out unsigned.
    public var dkim: [DKIMKey] = []
    /// Where delivery reports come back (`bounces`); `nil` when the list does not read them.
    public var bounces: Bounces? = nil
    /// The static web archive, when the config has `archive`.
    public var archive: Archive? = nil

    /// Where the web archive is written and where readers find it.
    public struct Archive: Sendable {
        /// The folder the pages are written to.
        public var folder: URL
        /// The public address of that folder, ending in "/": issue N is at `url` + "N.html".
        public var url: String
    }

    /// How readers unsubscribe: an address to mail and a page to visit (RFC 8058 one-click).
    public struct Unsubscribe: Sendable {
        /// The address of `List-Unsubscribe: <mailto:…>`.
        public var mailto: String
        /// The Mustache template of the personalised unsubscribe page (`email`).
        public var url: String
        /// The environment variable holding the secret that signs unsubscribe tokens; `nil` for the
        /// old `{{email}}` links. `NAME_PREVIOUS` may hold the secret it replaced.
        public var secretEnvironmentVariable: String?
    }

    /// The SMTP relay and how hard to drive it.
    public struct SMTP: Sendable {
        /// How the connection is secured.
        public enum TLS: String, Sendable, CaseIterable {
            /// Clear text: only for a relay on this machine.
            case none
            /// `smtp://` upgraded with STARTTLS, which the server must offer.
            case starttls
            /// `smtps://`: TLS from the first byte.
            case implicit
        }

        /// `smtp://host:port` or `smtps://host:port`.
        public var url: String
        /// How the connection is secured.
        public var tls: TLS
        /// The AUTH user name; `nil` for no authentication.
        public var username: String?
        /// The environment variable that holds the password.
        public var passwordEnvironmentVariable: String?
        /// An extra trust anchor (PEM) for the server's certificate.
        public var caFile: URL?
        /// Parallel connections (worker threads).
        public var connections: Int
        /// The most messages a second; 0 for no limit.
        public var ratePerSecond: Double
        /// Seconds to wait for the server before giving up on a step.
        public var timeoutSeconds: Int
        /// Tries per delivery within one run before it is left deferred for the next run.
        public var maxAttempts: Int
    }
}
