import Foundation
import NewsletterCore

/// A setting of one SMTP relay that cannot work: the key it is about and what to do.
package struct SMTPSettingFault: Error, Sendable, Equatable, CustomStringConvertible {
    /// The relay's key it is about: `url`, `tls`, `username`, `timeoutSeconds`, `caFile`, or `heloDomain`.
    package var key: String
    /// What is wrong and what to do, one line; never a password, never a URL that may hold one.
    package var message: String

    /// `smtp.KEY: MESSAGE`, as `check` and `send` print it.
    package var description: String { "smtp.\(key): \(message)" }
}

/// The one set of rules an SMTP relay's settings follow.
///
/// Loading the config checks each relay with them, so `check` and `send` refuse the same settings
/// with the same message before anything is sent; every SMTP connection checks its settings with
/// them once more before libcurl sees them.
package enum SMTPRules {
    /// The timeouts allowed, in seconds (libcurl reads 0 as "wait forever").
    package static let timeoutSeconds = 1...3600

    /// Checks `url` against `tls` and returns its `host[:port]`.
    ///
    /// `smtp://host[:port]` goes with `none` or `starttls`, `smtps://host[:port]` with `implicit`; a
    /// trailing `/` is allowed, a user, path, query or fragment is not.
    package static func authority(of url: String, tls: Configuration.SMTP.TLS) throws(SMTPSettingFault) -> String {
        func fault(_ message: String) -> SMTPSettingFault { SMTPSettingFault(key: "url", message: message) }
        guard let separator = url.range(of: "://") else {
            throw fault("is not a URL; write smtp://host:port or smtps://host:port")
        }
        let scheme = url[..<separator.lowerBound].lowercased()
        switch (scheme, tls) {
        case ("smtps", .implicit), ("smtp", .none), ("smtp", .starttls): break
        case ("smtps", _): throw fault("an smtps:// URL needs \"tls\": \"implicit\"")
        case ("smtp", .implicit): throw SMTPSettingFault(key: "tls", message: "implicit TLS needs an smtps:// URL")
        default: throw fault("the scheme must be smtp or smtps, not '\(scheme.prefix(16))'")
        }
        var authority = Substring(url[separator.upperBound...])
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        // Checked before anything is echoed: a user part may hold a password.
        guard !authority.contains("@") else {
            throw fault("must not hold a user name or password; set username and passwordEnv instead")
        }
        if let slash = authority.firstIndex(of: "/") {
            let path = authority[slash...].prefix(40)
            throw fault("must not have a path ('\(path)'); the EHLO name comes from the sender's domain")
        }
        guard !authority.contains(where: { $0 == "?" || $0 == "#" }) else {
            throw fault("must be just \(scheme)://host:port, without a query or fragment")
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._:[]")
        guard !authority.isEmpty, authority.allSatisfy({ allowed.contains($0) }) else {
            throw fault("has no host, or characters not allowed in a host name; write \(scheme)://host:port")
        }
        let host: Substring
        let port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw fault("has an IPv6 address without its closing ]")
            }
            host = authority[...close]
            let rest = authority[authority.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else {
                throw fault("has text after the IPv6 address; write \(scheme)://[address]:port")
            }
            port = rest.isEmpty ? nil : rest.dropFirst()
        } else {
            let pieces = authority.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw fault("has more than one ':'; write an IPv6 address in brackets") }
            host = pieces[0]
            port = pieces.count == 2 ? pieces[1] : nil
        }
        guard host.count > (host.hasPrefix("[") ? 2 : 0), !host.dropFirst().dropLast().contains("[") else {
            throw fault("has no usable host; write \(scheme)://host:port")
        }
        if let port {
            guard let number = Int(port), (1...65535).contains(number) else {
                throw fault("the port must be a number from 1 to 65535")
            }
        }
        return String(authority)
    }

    /// Checks the AUTH user name (`nil`: no authentication); it is never echoed.
    package static func checkUsername(_ username: String?) throws(SMTPSettingFault) {
        guard let username else { return }
        guard !username.isEmpty, WebAddress.controlCharacter(in: username) == nil else {
            throw SMTPSettingFault(
                key: "username",
                message: "must be a non-empty single line; leave it out for no authentication"
            )
        }
    }

    /// Checks a timeout against ``timeoutSeconds``.
    package static func checkTimeout(_ seconds: Int) throws(SMTPSettingFault) {
        guard timeoutSeconds.contains(seconds) else {
            throw SMTPSettingFault(
                key: "timeoutSeconds",
                message: "must be between \(timeoutSeconds.lowerBound) and \(timeoutSeconds.upperBound), not \(seconds)"
            )
        }
    }

    /// Checks that the extra trust anchor at `path` (`nil`: none) is a readable file.
    package static func checkCAFile(_ path: String?) throws(SMTPSettingFault) {
        guard let path else { return }
        guard !path.isEmpty, !path.contains("\0"), FileManager.default.isReadableFile(atPath: path) else {
            throw SMTPSettingFault(
                key: "caFile",
                message: "\(path) is not a readable file; give the path of a PEM certificate"
            )
        }
    }

    /// Checks the EHLO domain: a domain name or an address literal, so nothing else reaches the EHLO line.
    package static func checkHeloDomain(_ domain: String) throws(SMTPSettingFault) {
        let domainCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")
        let literalCharacters = domainCharacters.union(":")
        let isDomain = domain.allSatisfy { domainCharacters.contains($0) }
        let isLiteral =
            domain.count > 2 && domain.hasPrefix("[") && domain.hasSuffix("]")
            && domain.dropFirst().dropLast().allSatisfy { literalCharacters.contains($0) }
        guard !domain.isEmpty, domain.count <= 255, isDomain || isLiteral else {
            throw SMTPSettingFault(
                key: "heloDomain",
                message: "must be a domain name (letters, digits, '-' and '.') or an address literal like [192.0.2.1]"
            )
        }
    }
}
