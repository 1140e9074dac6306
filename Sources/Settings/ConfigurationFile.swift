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

    struct Archive: Decodable {
        var folder: String
        var url: String
    }

    struct Unsubscribe: Decodable {
        var mailto: String
        var url: String
        var secretEnv: String?
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
            "topics", "archiveURL", "unsubscribe", "smtp", "feeds", "dkim", "bounces", "archive",
        ],
        "unsubscribe": ["mailto", "url", "secretEnv"],
        "archive": ["folder", "url"],
        "smtp": [
            "url", "tls", "username", "passwordEnv", "caFile", "connections", "ratePerSecond",
            "timeoutSeconds", "maxAttempts",
        ],
        "bounces": ["address", "softLimit", "secretEnv", "mailbox"],
    ]
}
