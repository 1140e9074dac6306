import Foundation

extension SMTPSettings {
    /// Checks every setting and returns the URL to hand to libcurl.
    ///
    /// The result is ``url`` with ``heloDomain`` as its path, which is where
    /// libcurl takes the EHLO domain from. Error messages never include the
    /// password, and never the URL when it might carry credentials.
    func validatedCurlURL() throws(SMTPError) -> String {
        let authority = try validatedAuthority()
        try validateHeloDomain()
        try validateTimeout()
        try validateCredentials()
        try validateCAFile()
        let scheme = security == .implicit ? "smtps" : "smtp"
        let path =
            heloDomain
            .replacingOccurrences(of: "[", with: "%5B")
            .replacingOccurrences(of: "]", with: "%5D")
        return "\(scheme)://\(authority)/\(path)"
    }

    /// Checks the scheme against ``security`` and returns `host[:port]`.
    private func validatedAuthority() throws(SMTPError) -> String {
        let expected = security == .implicit ? "smtps" : "smtp"
        guard let separator = url.range(of: "://") else {
            throw SMTPError(message: "SMTP url must look like \(expected)://host:port")
        }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard scheme == "smtp" || scheme == "smtps" else {
            throw SMTPError(message: "SMTP url must start with smtp:// or smtps://, not \(scheme.prefix(16))://")
        }
        guard scheme == expected else {
            throw SMTPError(
                message: "SMTP url scheme \(scheme):// does not match security \(security.rawValue): "
                    + "use smtp:// with none or starttls, smtps:// with implicit"
            )
        }
        var authority = Substring(url[separator.upperBound...])
        if authority.hasSuffix("/") {
            authority = authority.dropLast()
        }
        // Checked before anything is echoed: a user part may hold a password.
        guard !authority.contains("@") else {
            throw SMTPError(
                message: "SMTP url must not contain a user name or password: set username and password instead"
            )
        }
        guard !authority.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) else {
            throw SMTPError(
                message: "SMTP url must be just \(expected)://host:port: the EHLO domain comes from heloDomain"
            )
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._:[]")
        guard !authority.isEmpty, authority.allSatisfy({ allowed.contains($0) }) else {
            throw SMTPError(
                message:
                    "SMTP url has no host or characters not allowed in a host name; expected \(expected)://host:port"
            )
        }
        let host: Substring
        let port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw SMTPError(message: "SMTP url has an IPv6 address without its closing ]")
            }
            host = authority[...close]
            let rest = authority[authority.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else {
                throw SMTPError(
                    message: "SMTP url has text after the IPv6 address; expected \(expected)://[address]:port"
                )
            }
            port = rest.isEmpty ? nil : rest.dropFirst()
        } else {
            let pieces = authority.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else {
                throw SMTPError(message: "SMTP url has more than one ':'; write an IPv6 address in brackets")
            }
            host = pieces[0]
            port = pieces.count == 2 ? pieces[1] : nil
        }
        guard host.count > (host.hasPrefix("[") ? 2 : 0), !host.dropFirst().dropLast().contains("[") else {
            throw SMTPError(message: "SMTP url has no usable host; expected \(expected)://host:port")
        }
        if let port {
            guard let number = Int(port), (1...65535).contains(number) else {
                throw SMTPError(message: "SMTP url port must be a number from 1 to 65535")
            }
        }
        return String(authority)
    }

    /// Checks that ``heloDomain`` is a domain or an address literal, so nothing
    /// else can reach the EHLO line.
    private func validateHeloDomain() throws(SMTPError) {
        let domainCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")
        let literalCharacters = domainCharacters.union(":")
        let isDomain = heloDomain.allSatisfy { domainCharacters.contains($0) }
        let isLiteral =
            heloDomain.count > 2 && heloDomain.hasPrefix("[") && heloDomain.hasSuffix("]")
            && heloDomain.dropFirst().dropLast().allSatisfy { literalCharacters.contains($0) }
        guard !heloDomain.isEmpty, heloDomain.count <= 255, isDomain || isLiteral else {
            throw SMTPError(
                message:
                    "heloDomain must be a domain name (letters, digits, '-' and '.') or an address literal like [192.0.2.1]"
            )
        }
    }

    /// Checks ``timeoutSeconds``: libcurl reads 0 as "wait forever".
    private func validateTimeout() throws(SMTPError) {
        guard (1...86_400).contains(timeoutSeconds) else {
            throw SMTPError(message: "SMTP timeoutSeconds must be from 1 to 86400, not \(timeoutSeconds)")
        }
    }

    /// Checks that the credentials can be passed to C intact (values are never echoed).
    private func validateCredentials() throws(SMTPError) {
        if let username {
            guard !username.isEmpty, !username.contains("\0") else {
                throw SMTPError(
                    message:
                        "SMTP username must be non-empty and must not contain NUL; leave it unset for no authentication"
                )
            }
        }
        if password != nil, username == nil {
            throw SMTPError(message: "SMTP password is set but username is not: set both, or neither")
        }
        if let password, password.contains("\0") {
            throw SMTPError(message: "SMTP password must not contain NUL")
        }
    }

    /// Checks that ``caFile`` names a readable file.
    private func validateCAFile() throws(SMTPError) {
        guard let caFile else { return }
        guard !caFile.isEmpty, !caFile.contains("\0"), FileManager.default.isReadableFile(atPath: caFile) else {
            throw SMTPError(message: "SMTP caFile \(caFile) is not a readable file: give the path of a PEM certificate")
        }
    }
}
