import NewsletterCore

/// Where `newsletter serve` listens: `HOST:PORT`, e.g. `127.0.0.1:8080` or `[::1]:8080`.
package struct ListenAddress: Sendable, Equatable {
    /// The address to bind (no brackets).
    package var host: String
    /// The TCP port (0 picks a free one).
    package var port: Int

    /// An address from its parts.
    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`; fails with `.usage` naming `--listen`.
    package init(parsing text: String) throws(NewsletterError) {
        let usage = NewsletterError(
            .usage,
            "'\(text)' is not HOST:PORT; write e.g. 127.0.0.1:8080 or [::1]:8080",
            context: "--listen"
        )
        guard let colon = text.lastIndex(of: ":") else { throw usage }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" }),
            let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port)
        else { throw usage }
        self.init(host: host, port: port)
    }
}
