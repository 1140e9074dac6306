import MIME
import TextBasics

extension ReportReader {
    /// The per-recipient findings of an RFC 3464 `message/delivery-status` part.
    func deliveryStatus(_ part: MIMEEntity) -> [BounceFinding] {
        let body = part.decodedBody()
        var findings: [BounceFinding] = []
        var rest = body[...]
        var groups = 0
        while !rest.isEmpty, groups < 500 {
            groups += 1
            let (fields, next) = HeaderField.parseBlock(rest)
            rest = next < rest.endIndex ? rest[next...] : []
            guard let finding = recipient(fields) else { continue }
            findings.append(finding)
        }
        return findings
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
        var kind: BounceFinding.Kind
        var rule: RefusalRules.Rule?
        switch action {
        case "failed":
            kind = .hard
        case "delayed":
            kind = .soft
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
            (kind, rule) = (BounceFinding.Kind(judged.class), judged.rule)
        }
        var detail = diagnostic ?? "action \(action.isEmpty ? "missing" : action)"
        if kind == .ignored { detail = "delivery status: \(action.isEmpty ? "no action" : action)" }
        var finding = BounceFinding(
            kind: kind,
            address: final ?? original,
            originalAddress: final != nil && original != final ? original : nil,
            status: status ?? (kind == .soft ? "4.0.0" : kind == .ignored ? nil : "5.0.0"),
            detail: Self.oneLine(detail)
        )
        finding.rule = rule?.name
        return finding
    }
}
