/// The JSON shape of `newsletter.json`, exactly as written by the user.
///
/// Decoding fills this raw form; ``Configuration/load(from:)`` then validates it and turns it into a
/// ``Configuration``. Keep the key list in ``knownKeys`` in step with the properties: unknown keys
/// are reported, so that a misspelt key is never silently ignored.
struct ConfigurationFile: Decodable {
    var name: String
    var from: String
    var replyTo: String?
    var subject: String?
    var items: String
    var subscribers: String
    var state: String
    var templates: String?
    var topics: [String]?
    var archiveURL: String
    var unsubscribe: Unsubscribe
    var smtp: Relays
    var feeds: [FeedEntry]?
    var dkim: DKIMList?
    var bounces: Bounces?
    var archive: Archive?
    var subscribe: Subscribe?
    var retention: Retention?

    struct Retention: Decodable {
        var deliveryDays: Int?
    }

    struct Subscribe: Decodable {
        var url: String
        var consent: String
        var recordIP: Bool?
        var perClientPerHour: Int?
        var perNetworkPerHour: Int?
        var ipv6Prefix: Int?
        var perHour: Int?
        var trustedProxies: [String]?
    }

    struct Archive: Decodable {
        var folder: String
        var url: String
    }

    struct Unsubscribe: Decodable {
        var mailto: String
        var url: String
        var secretEnv: String?
        var secretFile: String?
    }

    struct SMTP: Decodable {
        var url: String
        var tls: String?
        var username: String?
        var passwordEnv: String?
        var caFile: String?
        var connections: Int?
        var ratePerSecond: Double?
        var timeoutSeconds: Int?
        var maxAttempts: Int?
    }

    /// Every key the file may have, by JSON path.
    static let knownKeys: [String: Set<String>] = [
        "": [
            "name", "from", "replyTo", "subject", "items", "subscribers", "state", "templates",
            "topics", "archiveURL", "unsubscribe", "smtp", "feeds", "dkim", "bounces", "archive", "subscribe",
            "retention",
        ],
        "retention": ["deliveryDays"],
        "subscribe": [
            "url", "consent", "recordIP", "perClientPerHour", "perNetworkPerHour", "ipv6Prefix", "perHour",
            "trustedProxies",
        ],
        "unsubscribe": ["mailto", "url", "secretEnv", "secretFile"],
        "archive": ["folder", "url"],
        "smtp": [
            "url", "tls", "username", "passwordEnv", "caFile", "connections", "ratePerSecond",
            "timeoutSeconds", "maxAttempts",
        ],
        "bounces": ["address", "softLimit", "blockedShare", "blockedWindow", "secretEnv", "mailbox"],
    ]
}

extension ConfigurationFile {
    /// `smtp`: one relay object, or a list of them (a pool of relays that share the send).
    struct Relays: Decodable {
        /// The relays, in the file's order; one for the single-object form.
        var list: [SMTP]
        /// Whether the file gave a list.
        var isList: Bool

        init(from decoder: any Decoder) throws {
            if var items = try? decoder.unkeyedContainer() {
                var list: [SMTP] = []
                while !items.isAtEnd { list.append(try items.decode(SMTP.self)) }
                self.list = list
                isList = true
            } else {
                list = [try SMTP(from: decoder)]
                isList = false
            }
        }
    }
}
