import Settings

/// How to reach and authenticate with one SMTP server.
///
/// The value is plain data; ``SMTPConnection/init(settings:)`` validates it and
/// throws ``SMTPError`` for anything it cannot use. Printing or dumping a value
/// never shows the password (see `SMTPSettings+Description.swift`).
package struct SMTPSettings: Sendable {
    /// The server, `smtp://host:port` (`none`, `starttls`) or `smtps://host:port` (`implicit`); no user, path,
    /// query or fragment (see ``SMTPRules/authority(of:tls:)``).
    package var url: String
    /// How the connection is protected; must agree with the scheme of ``url``.
    package var tls: Configuration.SMTP.TLS
    /// The login name; authentication (SASL) is attempted only when it is set.
    package var username: String?
    /// The password, already read from the environment by the caller.
    package var password: String?
    /// An extra PEM trust anchor. When set, it REPLACES the system CA bundle for
    /// this connection (libcurl's `CURLOPT_CAINFO`), which suits a private or test
    /// CA. Certificate and host name verification is always on.
    package var caFile: String?
    /// Bounds connecting, each wait for a server reply, and any stall while
    /// uploading; within ``SMTPRules/timeoutSeconds``.
    package var timeoutSeconds: Int
    /// The domain sent in EHLO: letters, digits, `-` and `.`, or an address
    /// literal such as `[192.0.2.1]`.
    package var heloDomain: String

    /// Creates settings; see the properties for what each value means.
    package init(
        url: String,
        tls: Configuration.SMTP.TLS,
        username: String? = nil,
        password: String? = nil,
        caFile: String? = nil,
        timeoutSeconds: Int = 30,
        heloDomain: String = "localhost"
    ) {
        self.url = url
        self.tls = tls
        self.username = username
        self.password = password
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds
        self.heloDomain = heloDomain
    }
}
