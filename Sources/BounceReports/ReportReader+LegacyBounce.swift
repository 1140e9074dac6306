import MIME
import NewsletterCore
import TextBasics

extension ReportReader {
    /// The findings of a bounce without a DSN part (Postfix, Exim, qmail, Sendmail, Exchange, Yahoo
    /// and similar texts), or `nil` when the message does not look like a bounce at all.
    /// `isReport` says the message is an RFC 3462 report whose status part named no recipient.
    ///
    /// The failed recipients are those of `X-Failed-Recipients` (Exim names them there); else the
    /// addresses of the explanation (cut before the quoted original, and after a "did not reach
    /// the following recipients" when it has one) that are neither the list's own, nor the
    /// report's own envelope (it is addressed to the list), nor a sender the text mentions ("mail
    /// from …"). Each gets the first failure status or SMTP reply code that follows it, else the
    /// text's overall tone (temporary wording means soft, anything else hard).
    func legacyBounce(_ message: MIMEEntity, leaves: [MIMEEntity], isReport: Bool = false) -> [BounceFinding]? {
        let from = (message.header("from") ?? "").lowercased()
        let subject = EncodedWord.decode(message.header("subject") ?? "").lowercased()
        let failedHeader = message.header("x-failed-recipients")
        let fromDaemon = Self.bounceSenders.contains { from.contains($0) }
        let bounceSubject = Self.bounceSubjects.contains { subject.contains($0) }
        guard failedHeader != nil || fromDaemon || bounceSubject || isReport else { return nil }
        guard !Self.isAutoReplySubject(subject) else { return nil }

        let textPart =
            leaves.first { $0.contentType.mediaType == "text/plain" }
            ?? leaves.first { $0.contentType.mediaType == "text/html" }
        var decoded = (textPart ?? message).text()
        if textPart?.contentType.mediaType == "text/html" { decoded = HTMLText.plainText(decoded) }
        var bytes = decoded.utf8.map(ASCII.lowercased)
        bytes.removeSubrange(Self.explanationEnd(of: bytes)...)
        let text = String(decoding: bytes, as: UTF8.self)

        let envelope = Set(
            Self.envelopeFields.flatMap { message.headers.values($0) }.flatMap { AddressScanner.addresses(in: $0) }
        )
        var addresses = AddressScanner.addresses(in: failedHeader ?? "")
        if addresses.isEmpty { addresses = failedRecipients(in: bytes) }
        addresses.removeAll { isOwnOrSystem($0) || envelope.contains($0) }
        guard !addresses.isEmpty else {
            return [BounceFinding(kind: .ignored, detail: "a bounce text that names no failed recipient")]
        }
        let temporary = Self.temporaryPhrases.contains { phrase in
            ByteSearch.firstOffset(of: Array(phrase.utf8), in: bytes) != nil || subject.contains(phrase)
        }
        let firstStatus = StatusCode.failure(in: text)
        return addresses.prefix(50).map { address in
            let window = Self.window(after: address, in: bytes, before: addresses)
            let status =
                StatusCode.failure(in: window)
                ?? StatusCode.reply(in: window).map { "\($0 / 100).0.0" }
                ?? firstStatus
                ?? StatusCode.reply(in: text).map { "\($0 / 100).0.0" }
            let line = window.split(whereSeparator: \.isNewline).first {
                StatusCode.reply(in: $0) != nil || StatusCode.failure(in: $0) != nil
            }
            let detail = line.map { Self.oneLine(String($0)) } ?? (temporary ? "delivery delayed" : "delivery failed")
            let explanation = Self.oneLine(String(window.prefix(2000)))
            let judged: (class: BounceKind, rule: RefusalRules.Rule)
            if temporary, status?.hasPrefix("5") != true {
                judged = (.soft, RefusalRules.temporaryText)
            } else {
                judged = RefusalRules.classify(status: status ?? "5.0.0", text: explanation)
            }
            var finding = BounceFinding(
                kind: judged.class,
                address: address,
                status: status ?? (judged.class == .soft ? "4.0.0" : "5.0.0"),
                detail: detail
            )
            finding.rule = judged.rule.name
            return finding
        }
    }

    /// The failed recipients a bounce text names: the addresses after its recipients heading when it
    /// has one with addresses after it, else all of them; never one the text gives as a sender.
    private func failedRecipients(in bytes: [UInt8]) -> [String] {
        var start = 0
        for heading in Self.recipientHeadingBytes {
            if let offset = ByteSearch.firstOffset(of: heading, in: bytes), offset + heading.count < bytes.count {
                let after = offset + heading.count
                if start == 0 || after < start,
                    !AddressScanner.occurrences(in: Array(bytes[after...]), limit: 1).isEmpty
                {
                    start = after
                }
            }
        }
        var addresses: [String] = []
        for occurrence in AddressScanner.occurrences(in: Array(bytes[start...]))
        where !addresses.contains(occurrence.address) && !Self.isSenderMention(bytes, before: start + occurrence.offset)
        {
            addresses.append(occurrence.address)
        }
        return addresses
    }

    /// Whether the words just before `offset` give the address there as a sender ("mail from",
    /// "sender", "return-path", "contact"), not as a recipient ("expanded from" is a recipient's alias).
    private static func isSenderMention(_ bytes: [UInt8], before offset: Int) -> Bool {
        var end = offset
        while end > 0, end > offset - 8,
            [0x20, 0x09, 0x0A, 0x0D, 0x3C, 0x3A, 0x22, 0x28, 0x3D].contains(bytes[end - 1])
        {
            end -= 1
        }
        let before = String(decoding: bytes[max(0, end - 24)..<end], as: UTF8.self)
        if before.hasSuffix("expanded from") || before.hasSuffix("generated from") { return false }
        return ["from", "sender", "return-path", "contact", "reply to", "mail-from"].contains { before.hasSuffix($0) }
    }

    /// The report's own header fields that name the list (it is addressed to the list's bounce
    /// address) or the reporting system: never the failed recipient.
    static let envelopeFields = [
        "to", "delivered-to", "envelope-to", "return-path", "from", "sender", "reply-to", "errors-to",
    ]

    /// The headings after which a bounce text lists its failed recipients (lower case).
    static let recipientHeadings = [
        "did not reach the following recipient", "could not be delivered to the following",
        "following addresses had permanent fatal errors", "following address(es) failed",
        "delivery has failed to these recipients", "delivery to the following recipients failed",
        "delivery to the following recipient failed", "following recipients did not receive",
        "the following addresses did not receive", "did not receive a copy of your message",
        "unable to deliver your message to the following address", "could not be delivered to:",
        "message could not be delivered to", "your message could not be delivered to",
        "message not delivered to the following", "failed to deliver to the following",
    ]

    private static let recipientHeadingBytes = recipientHeadings.map { Array($0.utf8) }

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

    static let bounceSenders = [
        "mailer-daemon", "mailerdaemon", "postmaster", "mail delivery", "maildelivery", "mdaemon",
    ]
    static let bounceSubjects = [
        "undeliver", "undelivered", "delivery status notification", "mail delivery failed", "failure notice",
        "returned mail", "delivery failure", "could not be delivered", "delivery has failed", "delivery delayed",
        "delayed mail", "warning: could not send", "non-delivery", "nondeliverable", "delivery notification",
        "mail system error", "message not delivered", "delivery problem", "delivery failed", "user unknown",
        "delivery warning", "non remis", "unzustellbar", "no entregado", "non recapitato",
    ]
    static let temporaryPhrases = [
        "delayed", "temporar", "transient", "will retry", "will be retried", "not yet been delivered",
        "still trying", "could not send message for past", "will keep trying", "try again later", "deferred",
        "postponed", "attempts will continue", "will continue to try", "warning only", "advisory-only",
    ]
    /// Where the quoted original starts in the usual bounce texts (lower case).
    static let quoteMarkers = [
        "--- below this line is a copy of the message", "------ this is a copy of the message",
        "----- original message -----", "-----original message-----", "original message follows",
        "--- the header of the original message", "------ this is a copy of your message",
        "\nreturn-path:", "\nreceived: from", "\nmessage-id:", "\noriginal message headers:",
        "\noriginal message details:", "start of returned message", "here is a copy of the first part",
        "original message as received", "\n>return-path:", "\n>received:", "lines of your original message follow",
        "unsent message below", "message header follows", "----- returned message", "--- original message",
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
