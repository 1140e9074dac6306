import MIME
import TextBasics

extension ReportReader {
    /// The findings of a bounce without a DSN part (Postfix, Exim, qmail, Sendmail, Exchange, Yahoo
    /// and similar texts), or `nil` when the message does not look like a bounce at all.
    ///
    /// The failed recipients are the addresses of the explanation (cut before the quoted original)
    /// that are not the list's own; each gets the first status or SMTP reply code that follows it,
    /// else the text's overall tone (temporary wording means soft, anything else hard).
    func legacyBounce(_ message: MIMEEntity, leaves: [MIMEEntity]) -> [BounceFinding]? {
        let from = (message.header("from") ?? "").lowercased()
        let subject = EncodedWord.decode(message.header("subject") ?? "").lowercased()
        let failedHeader = message.header("x-failed-recipients")
        let fromDaemon = Self.bounceSenders.contains { from.contains($0) }
        let bounceSubject = Self.bounceSubjects.contains { subject.contains($0) }
        guard failedHeader != nil || fromDaemon || bounceSubject else { return nil }
        guard !Self.autoReplySubjects.contains(where: { subject.hasPrefix($0) }) else { return nil }

        let textPart =
            leaves.first { $0.contentType.mediaType == "text/plain" }
            ?? leaves.first { $0.contentType.mediaType == "text/html" }
        var decoded = (textPart ?? message).text()
        if textPart?.contentType.mediaType == "text/html" { decoded = HTMLText.plainText(decoded) }
        var bytes = decoded.utf8.map(ASCII.lowercased)
        bytes.removeSubrange(Self.explanationEnd(of: bytes)...)
        let text = String(decoding: bytes, as: UTF8.self)

        var addresses = AddressScanner.addresses(in: failedHeader ?? "")
        for address in AddressScanner.addresses(in: text) where !addresses.contains(address) {
            addresses.append(address)
        }
        addresses.removeAll(where: isOwnOrSystem)
        guard !addresses.isEmpty else {
            return [BounceFinding(kind: .ignored, detail: "a bounce text that names no failed recipient")]
        }
        let temporary = Self.temporaryPhrases.contains { phrase in
            ByteSearch.firstOffset(of: Array(phrase.utf8), in: bytes) != nil || subject.contains(phrase)
        }
        let firstStatus = StatusCode.enhanced(in: text)
        return addresses.prefix(50).map { address in
            let window = Self.window(after: address, in: bytes, before: addresses)
            let status =
                StatusCode.enhanced(in: window)
                ?? StatusCode.reply(in: window).map { "\($0 / 100).0.0" }
                ?? firstStatus
                ?? StatusCode.reply(in: text).map { "\($0 / 100).0.0" }
            let line = window.split(whereSeparator: \.isNewline).first {
                StatusCode.reply(in: $0) != nil || StatusCode.enhanced(in: $0) != nil
            }
            let detail = line.map { Self.oneLine(String($0)) } ?? (temporary ? "delivery delayed" : "delivery failed")
            var rule: RefusalRules.Rule?
            let kind: BounceFinding.Kind
            switch status?.first {
            case "2": kind = .ignored
            case "5", "4":
                let judged = RefusalRules.classify(status: status, text: Self.oneLine(String(window.prefix(2000))))
                (kind, rule) = (BounceFinding.Kind(judged.class), judged.rule)
            default:
                if temporary {
                    kind = .soft
                } else {
                    let judged = RefusalRules.classify(status: "5.0.0", text: Self.oneLine(String(window.prefix(2000))))
                    (kind, rule) = (BounceFinding.Kind(judged.class), judged.rule)
                }
            }
            var finding = BounceFinding(
                kind: kind,
                address: address,
                status: status ?? (kind == .soft ? "4.0.0" : "5.0.0"),
                detail: detail
            )
            finding.rule = rule?.name
            return finding
        }
    }

    private func isOwnOrSystem(_ address: String) -> Bool {
        if ownAddresses.contains(address) { return true }
        let local = address.prefix { $0 != "@" }
        if ["mailer-daemon", "postmaster", "mailerdaemon", "noreply", "no-reply"].contains(local) { return true }
        if let bounceLocalPart, let bounceDomain, local.hasPrefix(bounceLocalPart + "+"),
            address.hasSuffix("@" + bounceDomain)
        {
            return true
        }
        return false
    }

    static let bounceSenders = ["mailer-daemon", "mailerdaemon", "postmaster", "mail delivery", "maildelivery"]
    static let bounceSubjects = [
        "undeliver", "undelivered", "delivery status notification", "mail delivery failed", "failure notice",
        "returned mail", "delivery failure", "could not be delivered", "delivery has failed", "delivery delayed",
        "delayed mail", "warning: could not send", "non-delivery", "nondeliverable", "delivery notification",
        "mail system error", "message not delivered", "delivery problem",
    ]
    static let temporaryPhrases = [
        "delayed", "temporar", "transient", "will retry", "will be retried", "not yet been delivered",
        "still trying", "could not send message for past", "will keep trying", "try again later", "deferred",
    ]
    /// Where the quoted original starts in the usual bounce texts (lower case).
    static let quoteMarkers = [
        "--- below this line is a copy of the message", "------ this is a copy of the message",
        "----- original message -----", "-----original message-----", "original message follows",
        "--- the header of the original message", "------ this is a copy of your message",
        "\nreturn-path:", "\nreceived: from", "\nmessage-id:", "\noriginal message headers:",
    ]

    /// Where the quoted original starts in `bytes` (lower case): the first quote marker, else the end.
    private static func explanationEnd(of bytes: [UInt8]) -> Int {
        var end = bytes.count
        for marker in quoteMarkerBytes {
            if let offset = ByteSearch.firstOffset(of: marker, in: bytes, to: end) { end = offset }
        }
        return end
    }

    private static let quoteMarkerBytes = quoteMarkers.map { Array($0.utf8) }

    /// The text from `address`'s first appearance to the next other address's, at most 800 bytes.
    private static func window(after address: String, in bytes: [UInt8], before others: [String]) -> String {
        let needle = Array(address.utf8)
        guard let found = ByteSearch.firstOffset(of: needle, in: bytes) else { return "" }
        let start = found + needle.count
        var end = min(bytes.count, start + 800)
        for other in others where other != address && !other.contains(address) {
            if let offset = ByteSearch.firstOffset(of: Array(other.utf8), in: bytes, from: start, to: end) {
                end = offset
            }
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
