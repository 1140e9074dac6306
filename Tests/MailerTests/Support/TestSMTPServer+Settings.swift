import Mailer
import TestSupport

extension TestSMTPServer {
    /// Settings that point at this server, with a short timeout.
    func settings(
        _ security: SMTPSettings.Security = .none,
        caFile: String? = nil,
        username: String? = nil,
        password: String? = nil,
        timeoutSeconds: Int = 10
    ) -> SMTPSettings {
        SMTPSettings(
            url: url,
            security: security,
            username: username,
            password: password,
            caFile: caFile,
            timeoutSeconds: timeoutSeconds,
            heloDomain: "example.org"
        )
    }
}
