import Settings
import Testing

@Suite struct ReportInboxURLTests {
    @Test func pop3IsRecognisedByItsScheme() {
        #expect(
            Configuration.Bounces.ReportInbox(
                url: "pop3s://127.0.0.1:995",
                username: "u",
                passwordEnvironmentVariable: "P",
                timeoutSeconds: 5
            ).isPOP3
        )
        #expect(
            !Configuration.Bounces.ReportInbox(
                url: "imaps://127.0.0.1/INBOX",
                username: "u",
                passwordEnvironmentVariable: "P",
                timeoutSeconds: 5
            ).isPOP3
        )
    }
}
