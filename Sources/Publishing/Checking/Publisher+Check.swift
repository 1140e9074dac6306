import Foundation
import NewsletterCore

extension Publisher {
    /// Validates everything a send depends on (config, templates, every item and every subscriber
    /// row, and what `bounces` needs) and reports every problem, not just the first.
    ///
    /// Renders the next issue once when the templates and items are fine, so that a template that
    /// fails only on real data shows up here, and warns when its HTML is past Gmail's clipping
    /// limit. Throws only when the list cannot be read at all.
    package func check(date: Day = .today()) throws(NewsletterError) -> CheckReport {
        var report = CheckReport()
        var templatesFine = true
        do { _ = try renderer() } catch {
            report.problems.append(error.description)
            templatesFine = false
        }
        let library = try itemLibrary()
        report.problems += library.diagnostics.map(\.description)

        var seen = Set<String>()
        var firstSubscriber: Subscriber?
        var subscribers = 0
        var duplicates = 0
        let itemTopics = Set((library.items.map(\.topic) + configuration.topics).map { $0.lowercased() })
        var unknownTopics: [String: Int] = [:]
        let rowProblems: [Diagnostic]
        do {
            rowProblems = try subscriberList.read { subscriber in
                subscribers += 1
                if firstSubscriber == nil { firstSubscriber = subscriber }
                if !seen.insert(subscriber.key).inserted { duplicates += 1 }
                for topic in subscriber.topics where !itemTopics.contains(topic.lowercased()) {
                    unknownTopics[topic, default: 0] += 1
                }
            }
        } catch let error as NewsletterError {
            throw error
        } catch {
            throw NewsletterError(.ioFailure, "cannot read it: \(error)", context: subscriberList.displayPath)
        }
        report.problems += rowProblems.map(\.description)
        report.problems += Self.bounceProblems(configuration)

        var clipping: String?
        if templatesFine && library.diagnostics.isEmpty,
            case .ready(let bulletin) = try nextIssue(ledger: try readOnlyLedger(), date: date)
        {
            let rendered = try renderer().render(bulletin)
            if let firstSubscriber {
                clipping = clippingWarning(for: bulletin, rendered: rendered, copy: firstSubscriber)
            }
        }

        if let warning = Self.unsignedLinkWarning(configuration) { report.warnings.append(warning) }
        if let clipping { report.warnings.append(clipping) }
        for (topic, count) in unknownTopics.sorted(by: { $0.key < $1.key }) {
            report.warnings.append(
                "warning: \(subscriberList.displayPath): \(count) subscriber(s) follow the topic '\(topic)', "
                    + "which no item or configured topic has; check the spelling"
            )
        }
        report.drafts = library.drafts.map { draft in
            "draft: \(draft.file): needs \(draft.item.draftNeeds.joined(separator: "; "))"
        }
        let files = library.items.count + Set(library.diagnostics.map(\.file)).count
        var summary = "\(files) items, \(subscribers) subscribers"
        if !library.drafts.isEmpty {
            let plural = library.drafts.count == 1 ? "" : "s"
            summary += ", \(library.drafts.count) draft\(plural) (kept out of every issue and alert)"
        }
        if duplicates > 0 {
            summary += " (\(duplicates) duplicate address\(duplicates == 1 ? "" : "es"), sent once)"
        }
        if let dkim = configuration.dkimSummary { summary += ", " + dkim }
        report.summary = summary
        return report
    }
}
