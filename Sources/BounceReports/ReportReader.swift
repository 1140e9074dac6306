import Crypto
import MIME
import TextBasics

/// Reads one report message and says what it reports: the classifier behind `newsletter bounces`.
///
/// No I/O and no state: it sees only the message's bytes and the list's own addresses. Whether a
/// VERP token or a reader token is genuine, and whether the ledger ever mailed the address, is for
/// the caller to decide. Never fails: anything unreadable is an `ignored` finding saying why.
package struct ReportReader: Sendable {
    /// The local part of `bounces.address` (`bounces` of `bounces@example.org`), lower-cased.
    package var bounceLocalPart: String?
    /// The domain of `bounces.address`, lower-cased.
    package var bounceDomain: String?
    /// `unsubscribe.mailto`, lower-cased.
    package var unsubscribeAddress: String?
    /// The list's own addresses (sender, reply-to, bounce address): never taken for a failed recipient.
    package var ownAddresses: Set<String>
    /// The domain of the list's Message-IDs (its `from` domain), lower-cased.
    package var messageIDDomain: String?

    /// A reader for a list whose bounce address is `bounceAddress` (VERP off when `nil`).
    package init(
        bounceAddress: String?,
        unsubscribeAddress: String?,
        ownAddresses: [String],
        messageIDDomain: String? = nil
    ) {
        self.messageIDDomain = messageIDDomain?.lowercased()
        if let bounceAddress, let at = bounceAddress.lastIndex(of: "@") {
            bounceLocalPart = bounceAddress[..<at].lowercased()
            bounceDomain = bounceAddress[bounceAddress.index(after: at)...].lowercased()
        }
        self.unsubscribeAddress = unsubscribeAddress?.lowercased()
        self.ownAddresses = Set(
            (ownAddresses + [bounceAddress, unsubscribeAddress].compactMap { $0 }).map { $0.lowercased() }
        )
    }

    /// What `bytes` (one whole message) reports.
    package func read(_ bytes: ArraySlice<UInt8>) -> BounceReport {
        let message = MIMEEntity(bytes)
        let identity =
            message.header("message-id").map { "id:" + $0 }
            ?? "sha256:" + Hex.lowercase(SHA256.hash(data: Array(bytes)))
        let sender = AddressScanner.addresses(in: message.header("from") ?? "", limit: 1).first
        var report = BounceReport(
            identity: identity,
            findings: [],
            verpTokens: verpTokens(in: bytes),
            unsubscribeTokens: [],
            sender: sender
        )
        report.quotedMessageIDs = quotedMessageIDs(in: bytes)
        guard !message.headers.isEmpty else {
            report.findings = [BounceFinding(kind: .ignored, detail: "not a mail message: no header fields")]
            report.problem = "not a mail message (no header fields)"
            return report
        }
        let leaves = message.leaves()
        if let findings = reportFindings(message, leaves: leaves) {
            report.findings = findings
        } else if let forwarded = forwardedReport(leaves),
            let findings = reportFindings(forwarded, leaves: forwarded.leaves())
        {
            // A bounce or complaint forwarded whole, as an attachment, by a filter or a person.
            report.findings = findings
        } else if let reason = autoReply(message, strongOnly: true) {
            report.findings = [BounceFinding(kind: .ignored, address: sender, detail: reason)]
        } else if let tokens = unsubscribeTokens(message, leaves: leaves) {
            report.unsubscribeTokens = tokens
            report.findings = [BounceFinding(kind: .unsubscribe, address: sender, detail: "mailed unsubscribe request")]
        } else if let findings = legacyBounce(message, leaves: leaves) {
            report.findings = findings
        } else if let reason = autoReply(message, strongOnly: false) {
            report.findings = [BounceFinding(kind: .ignored, address: sender, detail: reason)]
        } else {
            report.findings = [
                BounceFinding(
                    kind: .ignored,
                    address: sender,
                    detail: "not a delivery report, complaint or unsubscribe request"
                )
            ]
        }
        if report.findings.isEmpty {
            report.findings = [
                BounceFinding(kind: .ignored, address: sender, detail: "a report that names no recipient")
            ]
        }
        return report
    }

    /// The findings of an RFC 3462 report: a DSN's recipients, or an ARF complaint; `nil` when
    /// `message` is neither. A DSN whose status part names no recipient is read as a bounce text.
    private func reportFindings(_ message: MIMEEntity, leaves: [MIMEEntity]) -> [BounceFinding]? {
        let reportType = message.contentType.parameters["report-type"]?.lowercased()
        let statusParts = leaves.filter {
            $0.contentType.mediaType.hasSuffix("delivery-status") && $0.contentType.mediaType.hasPrefix("message/")
        }
        if !statusParts.isEmpty {
            let findings = deliveryStatus(statusParts)
            if !findings.isEmpty { return findings }
            return legacyBounce(message, leaves: leaves, isReport: true) ?? []
        }
        if let feedback = feedbackPart(message, leaves: leaves, reportType: reportType) {
            return [complaint(feedback, quoted: quotedOriginal(leaves))]
        }
        if let recipient = hotmailComplaintRecipient(leaves) {
            return [BounceFinding(kind: .complaint, address: recipient, detail: "feedback loop report (JMRP)")]
        }
        if reportType == "delivery-status", let findings = legacyBounce(message, leaves: leaves, isReport: true),
            findings.contains(where: { $0.kind != .ignored })
        {
            return findings
        }
        return nil
    }

    /// The report a message carries as an attachment (`message/rfc822`), one level deep, when it
    /// is itself a report: a DSN or ARF message forwarded whole.
    private func forwardedReport(_ leaves: [MIMEEntity]) -> MIMEEntity? {
        for leaf in leaves where leaf.contentType.mediaType == "message/rfc822" {
            let inner = MIMEEntity(leaf.decodedBody()[...])
            let reportParts = ["message/delivery-status", "message/global-delivery-status", "message/feedback-report"]
            if inner.leaves().contains(where: { reportParts.contains($0.contentType.mediaType) }) { return inner }
        }
        return nil
    }

    // MARK: - RFC 5965 feedback reports

    /// The machine-readable part of an ARF report: `message/feedback-report`, or, from senders that
    /// label it otherwise, the second part of a `multipart/report; report-type=feedback-report`.
    private func feedbackPart(_ message: MIMEEntity, leaves: [MIMEEntity], reportType: String?) -> MIMEEntity? {
        if let part = leaves.first(where: { $0.contentType.mediaType == "message/feedback-report" }) { return part }
        guard reportType == "feedback-report" else { return nil }
        let parts = message.parts()
        return parts.count >= 2 ? parts[1] : nil
    }

    private func complaint(_ part: MIMEEntity, quoted: MIMEEntity?) -> BounceFinding {
        let fields = HeaderField.parseBlock(part.decodedBody()[...]).fields
        let type = fields.value("feedback-type")?.lowercased().trimmingASCIIWhitespace() ?? "abuse"
        let address =
            AddressScanner.addresses(in: fields.value("original-rcpt-to") ?? "", limit: 1).first
            ?? AddressScanner.addresses(in: fields.value("removal-recipient") ?? "", limit: 1).first
            ?? quoted.flatMap { Self.quotedRecipient($0) }
        guard type == "abuse" || type == "fraud" else {
            return BounceFinding(kind: .ignored, address: address, detail: "feedback report of type \(type)")
        }
        let agent = fields.value("user-agent").map { " from \($0)" } ?? ""
        return BounceFinding(kind: .complaint, address: address, detail: Self.oneLine("feedback-type: \(type)\(agent)"))
    }

    /// The reader a quoted original was sent to: Microsoft's `X-HmXmrOriginalRecipient`, else its `To:`.
    private static func quotedRecipient(_ quoted: MIMEEntity) -> String? {
        AddressScanner.addresses(in: quoted.header("x-hmxmroriginalrecipient") ?? "", limit: 1).first
            ?? AddressScanner.addresses(in: quoted.header("to") ?? "", limit: 1).first
    }

    /// The recipient of a Microsoft JMRP complaint (an attached original carrying
    /// `X-HmXmrOriginalRecipient`, without an ARF part), or `nil`.
    private func hotmailComplaintRecipient(_ leaves: [MIMEEntity]) -> String? {
        guard let quoted = quotedOriginal(leaves) else { return nil }
        return AddressScanner.addresses(in: quoted.header("x-hmxmroriginalrecipient") ?? "", limit: 1).first
    }

    /// The original message a report quotes (`message/rfc822` or `text/rfc822-headers`), headers at least.
    private func quotedOriginal(_ leaves: [MIMEEntity]) -> MIMEEntity? {
        leaves.first {
            ["message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers"].contains(
                $0.contentType.mediaType
            )
        }
        .map { MIMEEntity($0.decodedBody()[...]) }
    }

    // MARK: - RFC 3834 auto-replies

    /// Why `message` is an auto-reply, or `nil`. `strongOnly` asks only for the signs a bounce never
    /// carries (`X-Autoreply`, `Precedence: auto_reply`, an out-of-office subject); bounces do carry
    /// `Auto-Submitted`, so that sign counts only once the message is known not to be one.
    private func autoReply(_ message: MIMEEntity, strongOnly: Bool) -> String? {
        if message.header("x-autoreply") != nil || message.header("x-autorespond") != nil { return "auto-reply" }
        if message.header("precedence")?.lowercased() == "auto_reply" { return "auto-reply" }
        let subject = EncodedWord.decode(message.header("subject") ?? "").lowercased()
        if Self.isAutoReplySubject(subject) { return "auto-reply (subject: \(Self.oneLine(subject, limit: 60)))" }
        if !strongOnly, let value = message.header("auto-submitted")?.lowercased(), !value.hasPrefix("no") {
            return "auto-reply (Auto-Submitted: \(value))"
        }
        return nil
    }

    /// Whether `subject` (lower case) is that of an out-of-office or other automatic reply.
    static func isAutoReplySubject(_ subject: String) -> Bool {
        autoReplySubjectPrefixes.contains { subject.hasPrefix($0) }
            || autoReplySubjectPhrases.contains { subject.contains($0) }
    }

    /// Subject beginnings of automatic replies.
    static let autoReplySubjectPrefixes = ["auto:", "away", "abwesenheit", "absence", "on vacation", "vacation"]
    /// Subject phrases of automatic replies, anywhere in the subject.
    static let autoReplySubjectPhrases = [
        "out of office", "out of the office", "automatic reply", "autoreply", "auto-reply", "auto reply",
        "automatische antwort", "réponse automatique", "respuesta automática", "risposta automatica",
        "automatisch antwoord", "autosvar", "away from the office", "away from my desk",
    ]

    // MARK: - Helpers

    /// Every `<…@domain>` of the list's Message-ID domain in `bytes`, lower-cased, at most 20.
    private func quotedMessageIDs(in bytes: ArraySlice<UInt8>) -> [String] {
        guard let domain = messageIDDomain, !domain.isEmpty else { return [] }
        let suffix = Array("@\(domain)>".utf8)
        let lower = bytes.map(ASCII.lowercased)
        var found: [String] = []
        var from = 0
        while found.count < 20, let end = ByteSearch.firstOffset(of: suffix, in: lower, from: from) {
            from = end + suffix.count
            var start = end
            while start > 0, end - start < 200, lower[start - 1] != ASCII.lessThan,
                !ASCII.isWhitespace(lower[start - 1]), lower[start - 1] >= 0x21
            {
                start -= 1
            }
            guard start > 0, start < end, lower[start - 1] == ASCII.lessThan else { continue }
            let id = String(decoding: lower[(start - 1)..<from], as: UTF8.self)
            if !found.contains(id) { found.append(id) }
        }
        return found
    }

    /// The lower-cased tokens of every `LOCAL+TOKEN@DOMAIN` of the bounce address anywhere in `bytes`.
    private func verpTokens(in bytes: ArraySlice<UInt8>) -> [String] {
        guard let local = bounceLocalPart.map({ Array($0.utf8) }), let domain = bounceDomain.map({ Array($0.utf8) }),
            !local.isEmpty
        else { return [] }
        var tokens: [String] = []
        var index = bytes.startIndex + local.count
        while index < bytes.endIndex, tokens.count < 20 {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "+") else { continue }
            let localStart = index - local.count
            guard Self.equalsLowercased(bytes[localStart..<index], local) else { continue }
            if localStart > bytes.startIndex,
                Self.isTokenByte(bytes[localStart - 1]) || bytes[localStart - 1] == UInt8(ascii: ".")
            {
                continue
            }
            var end = index + 1
            while end < bytes.endIndex, Self.isTokenByte(bytes[end]), end - index < 80 { end += 1 }
            guard end > index + 1, end < bytes.endIndex, bytes[end] == UInt8(ascii: "@"),
                end + domain.count <= bytes.endIndex,
                Self.equalsLowercased(bytes[(end + 1)..<min(bytes.endIndex, end + 1 + domain.count)], domain)
            else { continue }
            let token = String(decoding: bytes[(index + 1)..<end], as: UTF8.self).lowercased()
            if !tokens.contains(token) { tokens.append(token) }
            index = end
        }
        return tokens
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "_")
    }

    private static func equalsLowercased(_ bytes: ArraySlice<UInt8>, _ lower: [UInt8]) -> Bool {
        guard bytes.count == lower.count else { return false }
        for (byte, expected) in zip(bytes, lower) {
            let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if folded != expected { return false }
        }
        return true
    }

    /// `text` on one line, at most `limit` characters.
    static func oneLine(_ text: String, limit: Int = 200) -> String {
        var line = ""
        var lastSpace = false
        for character in text {
            let space = character.isWhitespace || character.isNewline || (character.asciiValue ?? 0x20) < 0x20
            if space {
                if !lastSpace && !line.isEmpty { line.append(" ") }
            } else {
                line.append(character)
            }
            lastSpace = space
            if line.count >= limit { break }
        }
        return line.trimmingASCIIWhitespace()
    }
}
