import NewsletterCore

/// How a permanent or temporary refusal is judged: the one table of rules, for the reports
/// `bounces` reads and for the replies a send meets.
///
/// The first digit alone says too little: `550 5.7.26` (a DMARC failure) and `550 5.1.1` (no such
/// user) are both permanent, but only the second is the reader's. Each rule looks at the RFC 3463
/// status and the server's text, in the order of ``rules``; the first that matches decides.
///
/// - `hard`: the address cannot receive: no such user or domain, a mailbox disabled for good.
/// - `soft`: a passing trouble on the reader's side: a full mailbox, a temporary failure.
/// - `blocked`: refused for a reason on the sender's side: spam or content filtering, policy,
///   SPF/DKIM/DMARC, reputation and blocklists, rate limits, a missing PTR, relaying denied, a
///   message too large, the sender's own address. It never costs the reader anything.
package enum RefusalRules {
    /// One rule: when it matches, what it decides, and why (for `bounces --explain`).
    package struct Rule: Sendable {
        /// A short name: `status-5.1`, `text-dmarc`.
        package var name: String
        /// What it decides.
        package var decides: BounceKind
        /// The statuses it matches (prefixes: `5.7.` matches `5.7.26`); empty for any.
        package var statuses: [String]
        /// Words, lower-case, of which one must be in the text; empty for any.
        package var words: [String]
        /// Words, lower-case, none of which may be in the text.
        package var unless: [String] = []
        /// Why, in one line.
        package var because: String
    }

    /// The sender-side words: what receivers say when the sender, not the reader, is the problem.
    static let senderWords = [
        "spam", "dmarc", "spf", "dkim", "blocklist", "blacklist", "block list", "black list", "rbl",
        "spamhaus", "spamcop", "barracuda", "reputation", "rate limit", "rate-limit", "ratelimit",
        "too many connections", "too many messages", "too many mails", "too many emails", "too many recipients",
        "too many concurrent", "try again later", "ptr", "reverse dns", "rdns", "relay access denied",
        "relaying denied",
        "not permitted to relay", "relay not permitted", "unable to relay", "policy", "content rejected",
        "content filter", "message content", "content policy",
        "message too large", "message size", "size limit", "exceeds the maximum", "unsolicited", "bulk mail",
        "blocked", "banned", "denied by", "authentication", "unauthenticated", "not authorized", "virus",
        "malware", "phishing", "suspicious", "listed on", "junk", "not verified", "abuse", "low reputation",
        "poor reputation",
    ]

    /// The reader-side words of a missing address.
    static let addressWords = [
        "user unknown", "unknown user", "no such user", "no such recipient", "no such mailbox",
        "does not exist", "doesn't exist", "not exist", "invalid recipient", "invalid mailbox", "recipient not found",
        "address not found", "unknown recipient", "recipient unknown", "mailbox unavailable", "mailbox not found",
        "no mailbox", "unrouteable", "unroutable", "account disabled", "account has been disabled",
        "mailbox disabled", "mailbox is disabled", "inactive", "no longer", "not a valid", "bad destination",
        "host not found", "domain not found", "no mx", "account closed", "account is closed", "has been closed",
    ]

    /// The reader-side words of a passing trouble.
    static let fullWords = [
        "mailbox full", "mailbox is full", "full mailbox", "quota", "insufficient storage", "storage full",
        "exceeded storage",
    ]

    /// Every rule, in the order they are tried.
    package static let rules: [Rule] = [
        Rule(name: "status-4", decides: .soft, statuses: ["4."], words: [], because: "a temporary failure (4.x.x)"),
        Rule(
            name: "status-5.1.7-8",
            decides: .blocked,
            statuses: ["5.1.7", "5.1.8"],
            words: [],
            because: "the sender's own address was refused (5.1.7, 5.1.8)"
        ),
        Rule(
            name: "status-5.1",
            decides: .hard,
            statuses: ["5.1."],
            words: [],
            because: "the address is bad: no such user or domain (5.1.x)"
        ),
        Rule(
            name: "status-5.2.2",
            decides: .soft,
            statuses: ["5.2.2"],
            words: [],
            because: "the mailbox is full (5.2.2)"
        ),
        Rule(
            name: "status-5.2.3-5.3.4",
            decides: .blocked,
            statuses: ["5.2.3", "5.3.4"],
            words: [],
            because: "the message is too large (5.2.3, 5.3.4)"
        ),
        Rule(
            name: "status-5.7-address",
            decides: .hard,
            statuses: ["5.7."],
            words: addressWords,
            unless: senderWords,
            because: "a policy status (5.7.x) whose text only says the address does not exist or is closed"
        ),
        Rule(
            name: "status-5.7",
            decides: .blocked,
            statuses: ["5.7."],
            words: [],
            because: "security or policy: spam, SPF, DKIM, DMARC, reputation, relaying (5.7.x)"
        ),
        Rule(
            name: "text-full",
            decides: .soft,
            statuses: [],
            words: fullWords,
            because: "the text says the mailbox is full or over quota"
        ),
        Rule(
            name: "text-sender",
            decides: .blocked,
            statuses: [],
            words: senderWords,
            because: "the text names a cause on the sender's side (spam, policy, SPF/DKIM/DMARC, reputation, rate…)"
        ),
        Rule(
            name: "status-5.2.1-5.4",
            decides: .hard,
            statuses: ["5.2.1", "5.4.1", "5.4.4"],
            words: [],
            because: "the mailbox is disabled, or the address cannot be routed (5.2.1, 5.4.1, 5.4.4)"
        ),
        Rule(
            name: "text-address",
            decides: .hard,
            statuses: [],
            words: addressWords,
            because: "the text says the address does not exist or cannot receive"
        ),
        Rule(
            name: "permanent",
            decides: .hard,
            statuses: [],
            words: [],
            because: "a permanent failure that names no cause (5.x.x or 5xx)"
        ),
    ]

    /// The rule of a bounce text that names no permanent status and says delivery is delayed or
    /// will be retried ("postponed", "will retry"): decided before the table, for bounce texts only.
    package static let temporaryText = Rule(
        name: "text-temporary",
        decides: .soft,
        statuses: [],
        words: [],
        because: "a bounce text without a 5.x.x status that says delivery is delayed or will be retried"
    )

    /// The rule of a DSN recipient whose `Action` is `delayed`: still being tried, whatever its status.
    package static let delayedAction = Rule(
        name: "action-delayed",
        decides: .soft,
        statuses: [],
        words: [],
        because: "the report says delivery is delayed and still being tried (Action: delayed)"
    )

    /// The rule named `name`: one of the table, or of the two that only reports use.
    package static func rule(named name: String) -> Rule? {
        (rules + [temporaryText, delayedAction]).first { $0.name == name }
    }

    /// The class of a refusal with the RFC 3463 `status` (or `nil`) and the server's `text`, and the
    /// rule that decided it. `status` is taken from the text when not given.
    package static func classify(status: String?, text: some StringProtocol) -> (class: BounceKind, rule: Rule) {
        let status = status ?? StatusCode.enhanced(in: text)
        let lowered = text.lowercased()
        let isTemporary = status?.hasPrefix("4") ?? (StatusCode.reply(in: text).map { $0 < 500 } ?? false)
        for rule in rules {
            if rule.name == "status-4" {
                if isTemporary { return (.soft, rule) }
                continue
            }
            if !rule.statuses.isEmpty {
                guard let status,
                    rule.statuses.contains(where: { status == $0 || $0.hasSuffix(".") && status.hasPrefix($0) })
                else { continue }
            }
            if !rule.words.isEmpty, !rule.words.contains(where: { lowered.contains($0) }) { continue }
            if rule.unless.contains(where: { lowered.contains($0) }) { continue }
            return (rule.decides, rule)
        }
        return (.hard, rules[rules.count - 1])
    }
}
