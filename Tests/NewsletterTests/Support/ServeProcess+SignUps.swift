import Foundation
import TestSupport
import Testing

extension Workspace {
    /// The consent text of the readers' tests' sign-up form.
    static let signUpConsent = "Send me Safeguarding Weekly every Monday. I can unsubscribe at any time."

    /// A list that mails through `server` and takes sign-ups at `https://news.example.org/subscribe`,
    /// with the `subscribe` settings `extra` on top.
    static func takingSignUps(_ server: TestSMTPServer, subscribe extra: [String: Any] = [:]) throws -> Workspace {
        let workspace = try Workspace()
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 2, "timeoutSeconds": 10, "maxAttempts": 2]
        var subscribe: [String: Any] = ["url": "https://news.example.org/subscribe", "consent": signUpConsent]
        for (key, value) in extra { subscribe[key] = value }
        workspace.extraConfig["subscribe"] = subscribe
        try workspace.useReaderEndpoint(archive: false)
        return workspace
    }
}

extension ServeProcess {
    /// `count` stamps, each from a form page of its own (a stamp is good for one sign-up), old
    /// enough to be sent back (a person takes more than 2 seconds).
    func formStamps(_ count: Int) async throws -> [String] {
        var stamps: [String] = []
        let pattern = try Regex(#"name="stamp" value="([A-Za-z0-9_-]+)""#)
        for _ in 0..<count {
            let form = try await HTTP.request(url("/subscribe"))
            let match = try #require(form.body.firstMatch(of: pattern), "no stamp on the form: \(form.status)")
            stamps.append(String(match.output[1].substring ?? ""))
        }
        try await Task.sleep(for: .milliseconds(2200))
        return stamps
    }

    /// A stamp from the form, old enough to be sent back.
    func formStamp() async throws -> String {
        try await formStamps(1)[0]
    }

    /// Posts the sign-up form for `email` (percent-encoded here) from the client `forwardedFor`
    /// (through the trusted proxy 127.0.0.1) with the extra header lines `headers`.
    func signUp(
        _ email: String,
        stamp: String,
        name: String = "Nia Newcomer",
        extra: String = "",
        forwardedFor: String? = nil,
        headers: [String] = []
    ) throws -> HTTP.Answer {
        let body =
            "email=\(Self.encoded(email))&name=\(Self.encoded(name))&topic=Information+sharing&website=&stamp=\(stamp)"
            + extra
        return try post("/subscribe", body: body, forwardedFor: forwardedFor, headers: headers)
    }

    /// Posts `body` as a form to `path` over a raw connection, with `X-Forwarded-For: forwardedFor`
    /// when given and the extra header lines `headers` (`Origin: …`).
    func post(_ path: String, body: String, forwardedFor: String? = nil, headers: [String] = []) throws -> HTTP.Answer {
        var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let forwardedFor { head += "X-Forwarded-For: \(forwardedFor)\r\n" }
        for header in headers { head += header + "\r\n" }
        head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
        let reply = try HTTP.raw(Array((head + body).utf8), port: port).reply
        let status = Int(reply.dropFirst(9).prefix(3)) ?? 0
        let page = reply.range(of: "\r\n\r\n").map { String(reply[$0.upperBound...]) } ?? ""
        return HTTP.Answer(status: status, headers: [:], body: page, received: Date())
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

extension TestSMTPServer {
    /// Waits until the server holds `count` messages to `recipient` (or 20 s pass); returns them.
    func messages(to recipient: String, count: Int) async throws -> [StoredMessage] {
        for _ in 0..<200 {
            let found = try messages().filter { $0.recipient.lowercased() == recipient }
            if found.count >= count { return found }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try messages().filter { $0.recipient.lowercased() == recipient }
    }
}

extension TestSMTPServer.StoredMessage {
    /// The path of the first link to `news.example.org` + `prefix` with a token of `lengths` characters in the text.
    func linkPath(_ prefix: String, lengths: ClosedRange<Int>) throws -> String {
        let text = try PythonEmail.inspect(bytes).texts.joined(separator: "\n")
        let pattern = try Regex(
            #"https://news\.example\.org("# + prefix + "[A-Za-z0-9_-]{\(lengths.lowerBound),\(lengths.upperBound)})"
        )
        let match = try #require(text.firstMatch(of: pattern), "no \(prefix) link in the message")
        return String(match.output[1].substring ?? "")
    }

    /// The path of the confirmation link in a confirmation letter.
    func confirmationPath() throws -> String {
        try linkPath("/subscribe/confirm/", lengths: 48...48)
    }

    /// The path of the reader's own page in a message: 44 characters of token for a reader whose
    /// links were never revoked, 46 after.
    func managePath() throws -> String {
        try linkPath("/subscribe/manage/", lengths: 44...46)
    }
}
