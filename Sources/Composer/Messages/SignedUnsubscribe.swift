import Settings
import Signing

/// The constant parts of signed unsubscribe links, prepared once per mailing: each message only
/// appends the reader's token.
///
/// The link is `unsubscribe.url` + "/" + TOKEN, the mailto `mailto:ADDRESS?subject=unsubscribe%20TOKEN`.
struct SignedUnsubscribe: Sendable {
    /// The keys that sign each reader's token.
    let keys: SigningKeys
    private let base: String
    private let mailtoBase: String

    /// The link parts for `unsubscribe`, signed with `keys`.
    init(_ unsubscribe: Configuration.Unsubscribe, keys: SigningKeys) {
        self.keys = keys
        base = unsubscribe.url.hasSuffix("/") ? unsubscribe.url : unsubscribe.url + "/"
        mailtoBase = "mailto:\(unsubscribe.mailto)?subject=unsubscribe%20"
    }

    /// The unsubscribe page of the reader whose token is `token`.
    func url(token: String) -> String { base + token }

    /// The `List-Unsubscribe` mailto of the reader whose token is `token`.
    func mailto(token: String) -> String { mailtoBase + token }
}
