import Mailer
import Settings
import TestSupport

extension TestSMTPServer {
    /// Settings that point at this server, with a short timeout.
    func settings(
        _ tls: Configuration.SMTP.TLS = .none,
        caFile: String? = nil,
        username: String? = nil,
        password: String? = nil,
        timeoutSeconds: Int = 10
    ) -> SMTPSettings {
        SMTPSettings(
            url: url,
            tls: tls,
            username: username,
            password: password,
            caFile: caFile,
            timeoutSeconds: timeoutSeconds,
            heloDomain: "example.org"
        )
    }
}
