extension SMTPSettings: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A one-line summary for logs; the password is never included.
    ///
    /// Only whether a password is set is shown, as `password: set`.
    package var description: String {
        var parts = ["url: \(url)", "tls: \(tls.rawValue)"]
        if let username {
            parts.append("username: \(username)")
        }
        parts.append("password: \(password == nil ? "none" : "set")")
        if let caFile {
            parts.append("caFile: \(caFile)")
        }
        parts.append("timeoutSeconds: \(timeoutSeconds)")
        parts.append("heloDomain: \(heloDomain)")
        return "SMTPSettings(\(parts.joined(separator: ", ")))"
    }

    /// The same as ``description``: the password is never included.
    ///
    /// Keeps `debugPrint` and string interpolation in debuggers safe.
    package var debugDescription: String { description }

    /// A mirror without the password, so that `dump(_:)` cannot reveal it.
    ///
    /// The password appears only as `"set"` or `nil`.
    package var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "url": url,
                "tls": tls,
                "username": username as Any,
                "password": (password == nil ? nil : "set") as Any,
                "caFile": caFile as Any,
                "timeoutSeconds": timeoutSeconds,
                "heloDomain": heloDomain,
            ],
            displayStyle: .struct
        )
    }
}
