import MIME
import NewsletterCore
import TextBasics

extension ReportReader {
    /// The per-recipient findings of a report's RFC 3464 `message/delivery-status` parts: one per
    /// address, however often the report repeats it (the gravest kind wins: hard, blocked, soft).
    func deliveryStatus(_ parts: [MIMEEntity]) -> [BounceFinding] {
        var findings: [BounceFinding] = []
        var groups = 0
        for part in parts.prefix(10) {
            let body = part.decodedBody()
            var rest = body[...]
            while !rest.isEmpty, groups < 500 {
                groups += 1
                let (fields, next) = HeaderField.parseBlock(rest)
                rest = next < rest.endIndex ? rest[next...] : []
                guard let finding = recipient(fields) else { continue }
                if let index = findings.firstIndex(where: { $0.address == finding.address }) {
                    if Self.gravity(finding.kind) > Self.gravity(findings[index].kind) { findings[index] = finding }
                } else {
                    findings.append(finding)
                }
            }
        }
        return findings
    }

    private static func gravity(_ kind: BounceKind) -> Int {
        switch kind {
        case .hard: 3
        case .blocked: 2
        case .soft: 1
        default: 0
        }
    }

    private func recipient(_ fields: [HeaderField]) -> BounceFinding? {
        let final = AddressScanner.typedAddress(fields.value("final-recipient"))
        let original = AddressScanner.typedAddress(fields.value("original-recipient"))
        guard final != nil || original != nil else { return nil }
        let action = fields.value("action")?.lowercased().trimmingASCIIWhitespace() ?? ""
        let diagnostic = fields.value("diagnostic-code").map { value in
            value.split(separator: ";", maxSplits: 1).last.map { String($0).trimmingASCIIWhitespace() } ?? value
        }
        let status =
            fields.value("status").flatMap { StatusCode.enhanced(in: $0) }
            ?? diagnostic.flatMap { StatusCode.enhanced(in: $0) }
        var kind: BounceKind
        var rule: RefusalRules.Rule?
        switch action {
        case "failed", "failure", "fail":
            kind = .hard
        case "delayed":
            (kind, rule) = (.soft, RefusalRules.delayedAction)
        case "delivered", "relayed", "expanded":
            kind = .ignored
        default:
            kind =
                switch status?.first {
                case "5": .hard
                case "4": .soft
                default: .ignored
                }
        }
        if kind == .hard {
            // A failure's class comes from its status and the receiver's text (the rule table).
            let judged = RefusalRules.classify(status: status ?? "5.0.0", text: diagnostic ?? "")
            (kind, rule) = (judged.class, judged.rule)
        }
        var detail = diagnostic ?? "action \(action.isEmpty ? "missing" : action)"
        if kind == .ignored { detail = "delivery status: \(action.isEmpty ? "no action" : action)" }
        // The address the list sent to is the Original-Recipient (its ORCPT) when the report has
        // one; the Final-Recipient may be where a forward or an alias took it.
        var finding = BounceFinding(
            kind: kind,
            address: original ?? final,
            finalAddress: original != nil && original != final ? final : nil,
            status: status ?? (kind == .soft ? "4.0.0" : kind == .ignored ? nil : "5.0.0"),
            detail: Self.oneLine(detail)
        )
        finding.rule = rule?.name
        return finding
    }
}
