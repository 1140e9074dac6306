import Foundation
import Settings

extension SMTPSettings {
    /// Checks every setting with ``SMTPRules`` (the rules the config is loaded with) and returns the URL
    /// to hand to libcurl.
    ///
    /// The result is ``url`` with ``heloDomain`` as its path, which is where
    /// libcurl takes the EHLO domain from. Error messages never include the
    /// password, and never the URL when it might carry credentials.
    func validatedCurlURL() throws(SMTPError) -> String {
        let authority: String
        do {
            authority = try SMTPRules.authority(of: url, tls: tls)
            try SMTPRules.checkHeloDomain(heloDomain)
            try SMTPRules.checkTimeout(timeoutSeconds)
            try SMTPRules.checkUsername(username)
            try SMTPRules.checkCAFile(caFile)
        } catch {
            throw SMTPError(message: error.description)
        }
        try validatePassword()
        let scheme = tls == .implicit ? "smtps" : "smtp"
        let path =
            heloDomain
            .replacingOccurrences(of: "[", with: "%5B")
            .replacingOccurrences(of: "]", with: "%5D")
        return "\(scheme)://\(authority)/\(path)"
    }

    /// Checks that the password, read from the environment, goes with a user name and can be passed to C
    /// intact (it is never echoed).
    private func validatePassword() throws(SMTPError) {
        guard let password else { return }
        guard username != nil else {
            throw SMTPError(message: "smtp.username: is not set but a password is: set both, or neither")
        }
        guard !password.contains("\0") else {
            throw SMTPError(message: "smtp.passwordEnv: the password must not contain NUL")
        }
    }
}
