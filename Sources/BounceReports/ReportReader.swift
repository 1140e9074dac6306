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
        if let status = leaves.first(where: {
            $0.contentType.mediaType.hasSuffix("delivery-status") && $0.contentType.mediaType.hasPrefix("message/")
        }) {
            report.findings = deliveryStatus(status)
        } else if let feedback = leaves.first(where: { $0.contentType.mediaType == "message/feedback-report" }) {
            report.findings = [complaint(feedback, quoted: quotedOriginal(leaves))]
        } else if let tokens = unsubscribeTokens(message, leaves: leaves) {
            report.unsubscribeTokens = tokens
            report.findings = [BounceFinding(kind: .unsubscribe, address: sender, detail: "mailed unsubscribe request")]
        } else if let findings = legacyBounce(message, leaves: leaves) {
            report.findings = findings
        } else if let reason = autoReply(message) {
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

    // MARK: - RFC 5965 feedback reports

    private func complaint(_ part: MIMEEntity, quoted: MIMEEntity?) -> BounceFinding {
        let fields = HeaderField.parseBlock(part.decodedBody()[...]).fields
        let type = fields.value("feedback-type")?.lowercased() ?? "abuse"
        let address =
            AddressScanner.addresses(in: fields.value("original-rcpt-to") ?? "", limit: 1).first
            ?? AddressScanner.addresses(in: fields.value("removal-recipient") ?? "", limit: 1).first
            ?? quoted.flatMap { AddressScanner.addresses(in: $0.header("to") ?? "", limit: 1).first }
        guard type == "abuse" || type == "fraud" else {
            return BounceFinding(kind: .ignored, address: address, detail: "feedback report of type \(type)")
        }
        let agent = fields.value("user-agent").map { " from \($0)" } ?? ""
        return BounceFinding(kind: .complaint, address: address, detail: Self.oneLine("feedback-type: \(type)\(agent)"))
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

    private func autoReply(_ message: MIMEEntity) -> String? {
        if let value = message.header("auto-submitted")?.lowercased(), !value.hasPrefix("no") {
            return "auto-reply (Auto-Submitted: \(value))"
        }
        if message.header("x-autoreply") != nil || message.header("x-autorespond") != nil { return "auto-reply" }
        if message.header("precedence")?.lowercased() == "auto_reply" { return "auto-reply" }
        let subject = EncodedWord.decode(message.header("subject") ?? "").lowercased()
        for prefix in Self.autoReplySubjects where subject.hasPrefix(prefix) { return "auto-reply (\(prefix))" }
        return nil
    }

    static let autoReplySubjects = [
        "out of office", "out of the office", "automatic reply", "auto:", "autoreply",
        "auto-reply", "away from", "on vacation", "abwesenheit", "réponse automatique",
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
