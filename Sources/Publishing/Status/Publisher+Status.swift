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
            let tally = DeliveryState.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
            let state =
                mailing.isComplete
                ? "complete"
                : "unfinished: the next `newsletter \(kind == .issue ? "send" : "alert")` resumes it"
            let topic = mailing.topic.map { " (\($0))" } ?? ""
            lines.append(
                "\(title): \(kind == .issue ? "issue" : "alert") \(mailing.number)\(topic) of \(mailing.date.long), "
                    + "“\(mailing.rendered.subject)”"
            )
            lines.append("  deliveries: \(tally) (\(state))")
            lines += try Self.bounceLines(ledger, mailing)
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
        return lines
    }
}
