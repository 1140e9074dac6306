import BounceReports
import Ledger
import NewsletterCore

extension Publisher {
    /// Where the list stands, the lines `newsletter status` prints: the last issue and alert with
    /// their deliveries, the items waiting, drafts, suppressions and recent unsubscribes.
    package func status() throws(NewsletterError) -> [String] {
        let ledger = try readOnlyLedger()
        var lines: [String] = []
        for kind in Bulletin.Kind.allCases {
            let title = kind == .issue ? "Last issue" : "Last alert"
            guard let ledger, let mailing = try ledger.lastMailing(kind: kind) else {
                lines.append("\(title): none yet")
                continue
            }
            let counts = try ledger.deliveryCounts(of: mailing)
            var tally = [DeliveryState.pending, .sent, .deferred, .failed].map { "\(counts[$0] ?? 0) \($0.rawValue)" }
                .joined(separator: ", ")
            if let skipped = counts[.skipped], skipped > 0 {
                tally += ", \(skipped) skipped (readers of only their topics, which had nothing)"
            }
            let command = "`newsletter \(kind == .issue ? "send" : "alert")`"
            let state =
                mailing.isComplete
                ? "complete"
                : mailing.isRecorded
                    ? "unfinished: the next \(command) resumes it"
                    : "recording cut short: the next \(command) records the rest of its readers, then sends"
            let topic = mailing.topic.map { " (\($0))" } ?? ""
            lines.append(
                "\(title): \(kind == .issue ? "issue" : "alert") \(mailing.number)\(topic) of \(mailing.date.long), "
                    + "“\(mailing.rendered.subject)”"
            )
            lines.append("  deliveries: \(tally) (\(state))")
            lines += try Self.bounceLines(ledger, mailing)
            lines += try Self.blockedLines(ledger, mailing)
            for state in [DeliveryState.failed, .deferred] {
                for delivery in try ledger.deliveries(of: mailing, in: state, limit: 10) {
                    lines.append("  \(state.rawValue): \(delivery.email): \(delivery.reply)")
                }
            }
        }
        let library = try itemLibrary()
        let carried = try ledger?.carriedItemIDs(kind: .issue) ?? []
        let waiting = library.items.filter { !carried.contains($0.id) }.count
        let itemProblems =
            library.diagnostics.isEmpty
            ? "" : " (and \(library.diagnostics.count) problem(s) in item files: run `newsletter check`)"
        lines.append("Items waiting for the next issue: \(waiting)\(itemProblems)")
        lines.append(
            "Drafts (kept out until an editor removes `draft: true`): \(library.drafts.count)"
                + (library.drafts.isEmpty ? "" : "; `newsletter check` lists what each needs")
        )
        lines.append("Suppressed addresses: \(try ledger?.suppressionCount() ?? 0)")
        lines += try Self.suppressionLines(ledger)
        lines.append(try Self.recentUnsubscribes(ledger))
        if configuration.subscribe != nil { lines += try Self.signUpLines(ledger) }
        return lines
    }

    /// "Sign-ups in the last 7 days: 12 asked, 9 confirmed, 2 expired; 3 waiting to confirm" and the
    /// refusals by cause.
    static func signUpLines(_ ledger: Ledger?) throws(NewsletterError) -> [String] {
        let counts = try ledger?.signUpCounts(since: Clock.system.timestamp(daysAgo: 7)) ?? [:]
        let pending = try ledger?.pendingSignUpCount() ?? 0
        func count(_ outcome: SignUpOutcome) -> Int { counts[outcome] ?? 0 }
        let refusals: [(String, SignUpOutcome)] = [
            ("address limit", .addressLimit), ("client limit", .clientLimit), ("list cap", .listLimit),
            ("bounced or complained", .bounced), ("bots", .bot), ("other sites' pages", .crossSite),
        ]
        let refused = refusals.reduce(0) { $0 + count($1.1) }
        return [
            "Sign-ups in the last 7 days: \(count(.requested)) asked, \(count(.confirmed)) confirmed, "
                + "\(count(.expired)) expired, \(count(.alreadyActive)) already subscribed; "
                + "\(pending) waiting to confirm",
            "  refused: \(refused) (" + refusals.map { "\($0.0) \(count($0.1))" }.joined(separator: ", ") + ")",
        ]
    }

    /// The refusals of `mailing` that the rule table calls `blocked`, by receiving domain, the
    /// largest first: those met during the send (`  refused for the sender's side during the send:
    /// strict.example 8 (550 5.7.26 …)`) and those the bounce reports brought back afterwards.
    static func blockedLines(_ ledger: Ledger, _ mailing: Mailing) throws(NewsletterError) -> [String] {
        var byDomain: [String: (count: Int, reply: String)] = [:]
        for delivery in try ledger.deliveries(of: mailing, in: .failed, limit: 10_000) {
            guard RefusalRules.classify(status: nil, text: delivery.reply).class == .blocked,
                let at = delivery.email.lastIndex(of: "@")
            else { continue }
            let domain = delivery.email[delivery.email.index(after: at)...].lowercased()
            byDomain[domain, default: (0, delivery.reply)].count += 1
        }
        var lines: [String] = []
        if !byDomain.isEmpty {
            let parts = byDomain.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }.prefix(5)
                .map { "\($0.key) \($0.value.count) (\($0.value.reply.prefix(80)))" }
            lines.append("  refused for the sender's side during the send: " + parts.joined(separator: "; "))
        }
        let reported = try ledger.blockedFindingsByDomain(of: mailing)
        if !reported.isEmpty {
            let parts = reported.map { "\($0.domain) \($0.count) (\($0.detail.prefix(80)))" }
            lines.append("  reported blocked afterwards, by domain: " + parts.joined(separator: "; "))
        }
        return lines
    }

    /// `  bounces: 1 hard, 2 soft, 0 complaints` for `mailing`, when any report came back for it.
    static func bounceLines(_ ledger: Ledger, _ mailing: Mailing) throws(NewsletterError) -> [String] {
        let counts = try ledger.bounceCounts(of: mailing)
        guard counts != BounceCounts() else { return [] }
        return ["  bounces: \(describe(counts))"]
    }

    /// The suppressions by reason, and the bounces of the latest issues and alerts that had any.
    static func suppressionLines(_ ledger: Ledger?) throws(NewsletterError) -> [String] {
        guard let ledger else { return [] }
        var lines: [String] = []
        let counts = try ledger.suppressionCounts()
        if !counts.isEmpty {
            let parts = SuppressionKind.allCases.compactMap { kind in counts[kind].map { "\($0) \(kind.rawValue)" } }
            lines.append("  by reason: \(parts.joined(separator: ", "))")
        }
        let recent = try ledger.bounceCountsByMailing()
        if !recent.isEmpty {
            lines.append("Bounces by mailing:")
            for entry in recent { lines.append("  \(entry.kind) \(entry.number): \(describe(entry.counts))") }
        }
        return lines
    }

    private static func describe(_ counts: BounceCounts) -> String {
        "\(counts.hard) hard, \(counts.soft) soft, \(counts.complaints) complaint\(counts.complaints == 1 ? "" : "s")"
            + (counts.blocked > 0
                ? ", \(counts.blocked) blocked (the sender's side: check DKIM, SPF, DMARC, the relay's IP)" : "")
    }

    /// "Unsubscribes in the last 7 days: 3 (web 2, mail 0, command 1)".
    static func recentUnsubscribes(_ ledger: Ledger?) throws(NewsletterError) -> String {
        let counts = try ledger?.suppressionCounts(since: Clock.system.timestamp(daysAgo: 7)) ?? [:]
        let ways: [(String, SuppressionKind)] = [("web", .web), ("mail", .mail), ("command", .command)]
        let total = ways.reduce(0) { $0 + (counts[$1.1] ?? 0) }
        let detail = ways.map { "\($0.0) \(counts[$0.1] ?? 0)" }.joined(separator: ", ")
        return "Unsubscribes in the last 7 days: \(total) (\(detail))"
    }
}
