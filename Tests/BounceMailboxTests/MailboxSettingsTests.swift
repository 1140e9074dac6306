import BounceMailbox
import Testing

@Suite struct MailboxSettingsTests {
    @Test func pop3IsRecognisedByItsScheme() {
        #expect(
            MailboxSettings(url: "pop3s://127.0.0.1:995", username: "u", password: "p", caFile: nil, timeoutSeconds: 5)
                .isPOP3
        )
        #expect(
            !MailboxSettings(
                url: "imaps://127.0.0.1/INBOX",
                username: "u",
                password: "p",
                caFile: nil,
                timeoutSeconds: 5
            ).isPOP3
        )
    }
}
