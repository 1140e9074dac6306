extension SMTPReply {
    /// Where in the mail transaction a reply belongs.
    enum Stage {
        /// The reply to MAIL FROM.
        case mail
        /// The reply to RCPT TO.
        case recipient
        /// The reply to the DATA command (354 invites the content).
        case data
        /// The reply to the end of data, or to `BDAT n LAST`: whether the server took the message.
        case final

        /// How the stage is named in a detail line.
        var name: String {
            switch self {
            case .mail: "MAIL FROM"
            case .recipient: "RCPT TO"
            case .data: "DATA"
            case .final: "the end of data"
            }
        }
    }

    /// Classifies the server's `response` at `stage`: 2xx/3xx go on, 4xx is temporary, a 5xx to RCPT
    /// TO refuses the recipient and any other 5xx the message; 530, 534, 535 and 538 (RFC 4954,
    /// RFC 3207) refuse the session, whatever the stage.
    init(stage: Stage, response: SMTPResponse) {
        let code = response.code
        let text = Self.oneLine(response.lines.joined(separator: " "))
        let outcome: Outcome
        if response.isPositive {
            outcome = .accepted
        } else if [530, 534, 535, 538].contains(code) {
            outcome = .authenticationFailed
        } else if (400..<500).contains(code) || !(500..<600).contains(code) {
            outcome = .temporary
        } else {
            outcome = stage == .recipient ? .rejectedRecipient : .rejectedMessage
        }
        let detail: String
        switch (stage, outcome) {
        case (.final, .accepted): detail = "\(code) \(text.isEmpty ? "message accepted" : text)"
        case (.final, _): detail = "\(code) message refused after DATA: \(text)"
        case (.mail, _): detail = "\(code) MAIL failed: \(text)"
        case (.recipient, _): detail = "\(code) RCPT failed: \(text)"
        case (.data, _): detail = "\(code) DATA failed: \(text)"
        }
        self.init(outcome: outcome, code: code, detail: Self.oneLine(detail))
    }

    /// A connection that failed before the reply at `stage`: temporary, and never recorded as sent.
    init(stage: Stage, failure: SMTPSession.Failure) {
        self.init(
            outcome: .temporary,
            code: 0,
            detail: Self.oneLine("\(failure.explanation) before the server's reply to \(stage.name)")
        )
    }
}
