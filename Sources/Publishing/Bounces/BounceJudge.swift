import BounceReports
import Composer
import Ledger
import NewsletterCore
import Signing

/// Decides what a report's findings may change: which delivery or reader each is about, and which
/// must be ignored because nothing proves the list sent that message.
///
/// With a VERP address configured, a bounce or complaint counts only when it carries a token that
/// verifies and names a delivery the ledger has, to the address the report is about. Without one,
/// it counts only when it quotes the Message-ID of a copy the ledger sent to that address, keyed
/// with the list's secret so that nobody else could have written it; a list without any secret
/// (the old `{{email}}` links) takes any report about an address it mailed, and `check` says so.
/// A mailed unsubscribe counts only with a reader token that the ledger handed out and that
/// verifies for its address.
package struct BounceJudge {
    /// A finding and what it is about.
    package struct Verdict: Sendable {
        /// The finding (turned `ignored` when it may not count).
        package var finding: BounceFinding
        /// The delivery or reader it is about; `nil` when ignored, or in a dry run without a ledger.
        package var target: BounceTarget?
    }

    /// Reads the reports.
    package var reader: ReportReader
    /// The keys of VERP tokens; `nil` when the list has no `bounces.address`.
    package var verpKeys: SigningKeys?
    /// The keys of reader tokens (the unsubscribe secret), for mailed unsubscribes.
    package var readerKeys: SigningKeys?
    /// The state database; `nil` in a dry run before anything was sent.
    package var ledger: Ledger?

    /// The verdicts on `report`'s findings.
    package func judge(_ report: BounceReport) throws(NewsletterError) -> [Verdict] {
        var verdicts: [Verdict] = []
        for finding in report.findings {
            switch finding.kind {
            case .ignored:
                verdicts.append(Verdict(finding: finding, target: nil))
            case .unsubscribe:
                verdicts.append(try unsubscribe(finding, tokens: report.unsubscribeTokens))
            case .hard, .soft, .blocked, .complaint:
                verdicts.append(try bounce(finding, in: report))
            }
        }
        return verdicts
    }

    private func bounce(_ finding: BounceFinding, in report: BounceReport) throws(NewsletterError) -> Verdict {
        let tokens = report.verpTokens
        let named = [finding.address, finding.finalAddress].compactMap { $0?.lowercased() }
        if let verpKeys {
            let ids = tokens.compactMap { BounceToken.deliveryID(in: $0, keys: verpKeys) }
            guard !ids.isEmpty else {
                return ignored(finding, tokens.isEmpty ? "no VERP token" : "a VERP token that does not verify")
            }
            guard let ledger else { return Verdict(finding: finding, target: nil) }
            let targets = try ledger.bounceTargets(deliveryIDs: ids)
            guard !targets.isEmpty else { return ignored(finding, "a VERP token for an unknown delivery") }
            guard let target = named.isEmpty ? targets.first : targets.first(where: { named.contains($0.emailKey) })
            else {
                return ignored(finding, "the VERP token names another reader's delivery")
            }
            var finding = finding
            if finding.address == nil { finding.address = target.email }
            return Verdict(finding: finding, target: target)
        }
        guard let address = named.first else { return ignored(finding, "a report that names no address") }
        guard let ledger else { return Verdict(finding: finding, target: nil) }
        guard let readerKeys else {
            // No secret, so no Message-ID nobody else could write: any address the list mailed.
            for candidate in named {
                if let target = try ledger.lastSentDelivery(to: candidate) {
                    return Verdict(finding: finding, target: target)
                }
            }
            return ignored(finding, "\(address) was never sent a mailing")
        }
        let quoted = report.quotedMessageIDs
        for candidate in named where !quoted.isEmpty {
            let target = try ledger.sentDelivery(to: candidate) { copy in
                quoted.contains { id in
                    MessageFactory.isMessageID(
                        id,
                        of: copy.kind,
                        number: copy.number,
                        to: copy.emailKey,
                        keys: readerKeys
                    )
                        || copy.keptMessageID?.lowercased() == id.lowercased()
                }
            }
            if let target { return Verdict(finding: finding, target: target) }
        }
        return ignored(
            finding,
            report.quotedMessageIDs.isEmpty
                ? "no VERP token, and it quotes no Message-ID of the list's"
                : "it quotes no Message-ID of a copy the list sent to \(address)"
        )
    }

    private func unsubscribe(_ finding: BounceFinding, tokens: [String]) throws(NewsletterError) -> Verdict {
        guard let readerKeys else {
            return ignored(finding, "the list has no unsubscribe secret: no reader token can verify")
        }
        guard !tokens.isEmpty else { return ignored(finding, "no reader token in the subject or body") }
        guard let ledger else {
            return Verdict(finding: BounceFinding(kind: .unsubscribe, detail: finding.detail), target: nil)
        }
        for token in tokens {
            if let reader = try ledger.readerAddress(forToken: token),
                ReaderToken.isValid(token, for: reader.emailKey, keys: readerKeys)
            {
                let target = BounceTarget(
                    deliveryID: nil,
                    mailingID: nil,
                    emailKey: reader.emailKey,
                    email: reader.email
                )
                return Verdict(
                    finding: BounceFinding(kind: .unsubscribe, address: reader.email, detail: finding.detail),
                    target: target
                )
            }
        }
        return ignored(finding, "a reader token the list never handed out, or that does not verify")
    }

    private func ignored(_ finding: BounceFinding, _ why: String) -> Verdict {
        var finding = finding
        finding.detail = "\(finding.kind.rawValue) ignored: \(why)"
        finding.kind = .ignored
        return Verdict(finding: finding, target: nil)
    }
}
