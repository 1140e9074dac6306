import Foundation
import NewsletterCore

extension Configuration {
    /// Where delivery reports, complaints and mailed unsubscribes come back, and how to act on them.
    package struct Bounces: Sendable {
        /// The VERP base address (`bounces@example.org`): each message's envelope sender becomes
        /// `bounces+TOKEN@example.org`. `nil`: the envelope sender stays the `from` address and
        /// reports are judged on their content alone.
        package var address: String?
        /// How many consecutive mailings with a soft bounce suppress an address.
        package var softLimit: Int = Self.defaultSoftLimit
        /// The default of ``softLimit``.
        package static let defaultSoftLimit = 3
        /// The share of refusals for the sender's side (`blocked`) among a receiving domain's recent
        /// attempts that stops a send from trying it (the breaker); 1 turns the breaker off.
        package var blockedShare: Double = Self.defaultBlockedShare
        /// The default of ``blockedShare``: half.
        package static let defaultBlockedShare = 0.5
        /// How many recent attempts, per receiving domain and overall, the breaker weighs.
        package var blockedWindow: Int = Self.defaultBlockedWindow
        /// The default of ``blockedWindow``.
        package static let defaultBlockedWindow = 20
        /// Where the secret that signs VERP tokens is kept (`bounces.secretEnv`); `nil`: the unsubscribe secret.
        package var secret: Secret?
        /// The report inbox `newsletter bounces` polls (`bounces.mailbox`), if any.
        package var reportInbox: ReportInbox?

        /// The report inbox: the mailbox that delivery reports, complaints and mailed unsubscribes
        /// are read from, over IMAP or POP3 (`bounces.mailbox`).
        package struct ReportInbox: Sendable {
            /// `imaps://host/INBOX`, `imap://host/INBOX` (STARTTLS demanded) or `pop3s://host`.
            package var url: String
            /// The login name.
            package var username: String
            /// The environment variable holding the password.
            package var passwordEnvironmentVariable: String
            /// An extra trust anchor (PEM) for the server's certificate.
            package var caFile: URL?
            /// Seconds to wait for the server before giving up.
            package var timeoutSeconds: Int
            /// The folder processed reports are moved to (IMAP).
            package static let processedFolder = "Processed"

            /// The inbox at `url`; see the properties.
            package init(
                url: String,
                username: String,
                passwordEnvironmentVariable: String,
                caFile: URL? = nil,
                timeoutSeconds: Int
            ) {
                self.url = url
                self.username = username
                self.passwordEnvironmentVariable = passwordEnvironmentVariable
                self.caFile = caFile
                self.timeoutSeconds = timeoutSeconds
            }

            /// Whether the URL names a POP3 server.
            package var isPOP3: Bool { url.lowercased().hasPrefix("pop3") }
        }
    }
}

extension ConfigurationFile {
    /// The `bounces` section as written.
    struct Bounces: Decodable {
        var address: String?
        var softLimit: Int?
        var blockedShare: Double?
        var blockedWindow: Int?
        var secretEnv: String?
        var mailbox: Mailbox?

        /// `bounces.mailbox` as written; unknown keys are refused here (the top-level check sees one level).
        struct Mailbox: Decodable {
            var url: String
            var username: String
            var passwordEnv: String
            var caFile: String?
            var timeoutSeconds: Int?

            static let knownKeys: Set<String> = ["url", "username", "passwordEnv", "caFile", "timeoutSeconds"]

            private enum CodingKeys: String, CodingKey {
                case url, username, passwordEnv, caFile, timeoutSeconds
            }

            private struct AnyKey: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }

            init(from decoder: any Decoder) throws {
                let all = try decoder.container(keyedBy: AnyKey.self)
                if let unknown = all.allKeys.map(\.stringValue).sorted().first(where: { !Self.knownKeys.contains($0) })
                {
                    throw DecodingError.dataCorrupted(
                        DecodingError.Context(
                            codingPath: decoder.codingPath,
                            debugDescription:
                                "unknown key '\(unknown)'; the keys are "
                                + "\(Self.knownKeys.sorted().joined(separator: ", "))"
                        )
                    )
                }
                let container = try decoder.container(keyedBy: CodingKeys.self)
                url = try container.decode(String.self, forKey: .url)
                username = try container.decode(String.self, forKey: .username)
                passwordEnv = try container.decode(String.self, forKey: .passwordEnv)
                caFile = try container.decodeIfPresent(String.self, forKey: .caFile)
                timeoutSeconds = try container.decodeIfPresent(Int.self, forKey: .timeoutSeconds)
            }
        }
    }
}
