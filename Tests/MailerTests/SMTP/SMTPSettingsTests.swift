import Mailer
import Settings
import TestSupport
import Testing

/// Settings that cannot work are refused when the connection is created.
@Suite struct SMTPSettingsTests {
    @Test(arguments: [
        ("smtps://mail.example.org:465", Configuration.SMTP.TLS.none),
        ("smtps://mail.example.org:465", .starttls),
        ("smtp://mail.example.org:587", .implicit),
        ("http://mail.example.org", .none),
        ("mail.example.org:25", .none),
        ("smtp://mail.example.org:25/other.org", .none),
        ("smtp://mail.example.org:99999", .none),
        ("smtp://", .none),
        ("smtp://mail.example.org:25\r\n", .none),
    ])
    func refusesAURLThatDoesNotFit(url: String, tls: Configuration.SMTP.TLS) {
        #expect(throws: SMTPError.self) {
            try SMTPConnection(settings: SMTPSettings(url: url, tls: tls))
        }
    }

    @Test func acceptsMatchingSchemes() throws {
        _ = try SMTPConnection(settings: SMTPSettings(url: "smtp://mail.example.org:25", tls: .none))
        _ = try SMTPConnection(settings: SMTPSettings(url: "smtp://mail.example.org:587/", tls: .starttls))
        _ = try SMTPConnection(settings: SMTPSettings(url: "SMTPS://[::1]:465", tls: .implicit))
    }

    @Test func neverEchoesCredentialsInTheURL() {
        let settings = SMTPSettings(url: "smtp://mailer:hunter2@mail.example.org", tls: .none)
        do {
            _ = try SMTPConnection(settings: settings)
            Issue.record("credentials in the URL were accepted")
        } catch {
            #expect(!error.message.contains("hunter2"))
        }
    }

    @Test(arguments: [0, -1, 100_000])
    func refusesATimeoutCurlWouldNotHonour(seconds: Int) {
        #expect(throws: SMTPError.self) {
            try SMTPConnection(
                settings: SMTPSettings(url: "smtp://localhost:25", tls: .none, timeoutSeconds: seconds)
            )
        }
    }

    @Test(arguments: ["", "example.org\r\nMAIL FROM:<x>", "exa mple.org", "example.org/x", "[1.2.3.4"])
    func refusesAnUnsafeHeloDomain(domain: String) {
        #expect(throws: SMTPError.self) {
            try SMTPConnection(settings: SMTPSettings(url: "smtp://localhost:25", tls: .none, heloDomain: domain))
        }
    }

    @Test func refusesAMissingCAFile() {
        #expect(throws: SMTPError.self) {
            try SMTPConnection(
                settings: SMTPSettings(url: "smtp://localhost:25", tls: .starttls, caFile: "/nonexistent/ca.pem")
            )
        }
    }

    @Test func neverPrintsThePassword() {
        let settings = SMTPSettings(
            url: "smtp://localhost:25",
            tls: .starttls,
            username: "mailer",
            password: "hunter2"
        )
        var dumped = ""
        dump(settings, to: &dumped)

        #expect(!"\(settings)".contains("hunter2"))
        #expect(!String(reflecting: settings).contains("hunter2"))
        #expect(!dumped.contains("hunter2"))
    }
}
