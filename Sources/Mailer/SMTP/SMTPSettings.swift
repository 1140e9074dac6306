/// How to reach and authenticate with one SMTP server.
///
/// The value is plain data; ``SMTPConnection/init(settings:)`` validates it and
/// throws ``SMTPError`` for anything it cannot use. Printing or dumping a value
/// never shows the password (see `SMTPSettings+Description.swift`).
package struct SMTPSettings: Sendable {
    /// How the connection is protected.
    package enum Security: String, Sendable, CaseIterable {
        /// Clear text throughout (`smtp://`). Only for a server on a trusted network.
        case none
        /// Plain connection upgraded with STARTTLS before anything else is sent
        /// (`smtp://`). Fails, never falls back to clear text, when the server does
        /// not offer STARTTLS.
        case starttls
        /// TLS from the first byte (`smtps://`, usually port 465).
        case implicit
    }

    /// The server, `smtp://host:port` (``Security/none``, ``Security/starttls``) or
    /// `smtps://host:port` (``Security/implicit``); no user, path, query or fragment.
    package var url: String
    /// How the connection is protected; must agree with the scheme of ``url``.
    package var security: Security
    /// The login name; authentication (SASL) is attempted only when it is set.
    package var username: String?
    /// The password, already read from the environment by the caller.
    package var password: String?
    /// An extra PEM trust anchor. When set, it REPLACES the system CA bundle for
    /// this connection (libcurl's `CURLOPT_CAINFO`), which suits a private or test
    /// CA. Certificate and host name verification is always on.
    package var caFile: String?
    /// Bounds connecting, each wait for a server reply, and any stall while
    /// uploading; must be at least 1.
    package var timeoutSeconds: Int
    /// The domain sent in EHLO: letters, digits, `-` and `.`, or an address
    /// literal such as `[192.0.2.1]`.
    package var heloDomain: String

    /// Creates settings; see the properties for what each value means.
    package init(
        url: String,
        security: Security,
        username: String? = nil,
        password: String? = nil,
        caFile: String? = nil,
        timeoutSeconds: Int = 30,
        heloDomain: String = "localhost"
    ) {
        self.url = url
        self.security = security
        self.username = username
        self.password = password
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds
        self.heloDomain = heloDomain
    }
}
