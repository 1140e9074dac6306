import BounceReports
import Testing

/// The rule table on replies in the layouts the major receivers and relays use, written here in
/// our own words: who is at fault decides the class, not the first digit.
@Suite struct RefusalRulesTests {
    @Test(
        arguments: [
            // The reader's address: hard.
            (
                "550 5.1.1 <ann@example.org>: Recipient address rejected: User unknown in local recipient table",
                "hard", "status-5.1"
            ),
            (
                "550-5.1.1 The email account that you tried to reach does not exist. Please check the spelling", "hard",
                "status-5.1"
            ),
            (
                "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", "hard",
                "status-5.1"
            ),
            ("554 delivery error: dd This user doesn't have an account here - mta1.example.net", "hard", "permanent"),
            ("550 Requested action not taken: mailbox unavailable", "hard", "text-address"),
            ("550 5.2.1 The email account that you tried to reach is disabled", "hard", "status-5.2.1-5.4"),
            ("550 5.4.1 Recipient address rejected: Access denied. AS(201806281)", "hard", "status-5.2.1-5.4"),
            ("550 5.7.1 this account has been closed", "hard", "status-5.7-address"),
            ("511 sorry, no mailbox here by that name (#5.1.1 - chkuser)", "hard", "status-5.1"),
            // The reader's passing trouble: soft.
            ("452 4.2.2 The email account that you tried to reach is over quota", "soft", "status-4"),
            (
                "552 5.2.2 Mailbox full: the recipient's mailbox has exceeded its storage allowance", "soft",
                "status-5.2.2"
            ),
            ("550 Mailbox quota exceeded for this recipient", "soft", "text-full"),
            // The sender's side: blocked, whatever the first digit.
            (
                "550 5.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC policy",
                "blocked", "status-5.7"
            ),
            ("550-5.7.1 Our system has detected that this message is likely unsolicited mail", "blocked", "status-5.7"),
            (
                "554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org", "blocked",
                "status-5.7"
            ),
            (
                "550 5.7.25 The IP address sending this message does not have a PTR record setup", "blocked",
                "status-5.7"
            ),
            (
                "550 5.7.23 The message was rejected because of Sender Policy Framework violation", "blocked",
                "status-5.7"
            ),
            ("554 Message rejected: Email address is not verified. (Amazon SES)", "blocked", "text-sender"),
            ("553 5.1.8 <news@example.org>... Domain of sender address does not exist", "blocked", "status-5.1.7-8"),
            ("552 5.3.4 Message size exceeds fixed maximum message size", "blocked", "status-5.2.3-5.3.4"),
            ("554 5.0.0 Service unavailable: your IP has a poor reputation", "blocked", "text-sender"),
            ("550 Relay access denied", "blocked", "text-sender"),
            ("554 rejected due to spam content", "blocked", "text-sender"),
            ("550 5.0.0 Too many messages from your IP address; rate limit exceeded", "blocked", "text-sender"),
            ("421 4.7.0 Try again later, closing connection. (Gmail rate limit)", "soft", "status-4"),
        ] as [(String, String, String)]
    )
    func classifiesAReply(text: String, expected: String, rule: String) {
        let judged = RefusalRules.classify(status: nil, text: text)
        #expect(judged.class.rawValue == expected, "\(text): \(judged.rule.name)")
        #expect(judged.rule.name == rule, "\(text)")
    }

    @Test func everyRuleExplainsItselfAndIsReachable() {
        var names = Set<String>()
        for rule in RefusalRules.rules {
            #expect(!rule.because.isEmpty)
            #expect(names.insert(rule.name).inserted, "\(rule.name) is listed twice")
        }
        #expect(RefusalRules.rules.last?.name == "permanent", "the last rule catches every permanent failure")
    }
}
