import ArgumentParser
import Composer
import Foundation
import Ledger
import Mailer

extension Newsletter {
    /// Validates everything a send depends on and lists every problem.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the config, templates, every item and every subscriber row.",
            discussion: "Lists every problem found, one per line on stderr; exits 65 if there is any."
        )

        @OptionGroup var options: GlobalOptions

        func run() throws {
            try ExitStatus.guarding {
                let publisher = try options.publisher()
                var problems: [String] = []

                var templatesFine = true
                do { _ = try publisher.renderer() } catch let error as NewsletterError {
                    problems.append(error.description)
                    templatesFine = false
                }
                let library = try publisher.itemLibrary()
                problems += library.diagnostics.map(\.description)

                var seen = Set<String>()
                var subscribers = 0
                var duplicates = 0
                let itemTopics = Set(
                    (library.items.map(\.topic) + publisher.configuration.topics).map { $0.lowercased() }
                )
                var unknownTopics: [String: Int] = [:]
                let rowProblems = try publisher.subscriberList.forEach { subscriber in
                    subscribers += 1
                    if !seen.insert(subscriber.key).inserted { duplicates += 1 }
                    for topic in subscriber.topics where !itemTopics.contains(topic.lowercased()) {
                        unknownTopics[topic, default: 0] += 1
                    }
                }
                problems += rowProblems.map(\.description)
                problems += Self.bounceProblems(publisher.configuration)

                if templatesFine && library.diagnostics.isEmpty,
                    case .success(let bulletin) = try publisher.nextIssue(
                        ledger: try publisher.readOnlyLedger(),
                        date: .today()
                    )
                {
                    // Render once, so that a template that fails only on real data shows up here.
                    _ = try publisher.renderer().render(bulletin)
                }

                for problem in problems { Console.error(problem) }
                if let warning = Self.unsignedLinkWarning(publisher.configuration) { Console.error(warning) }
                for (topic, count) in unknownTopics.sorted(by: { $0.key < $1.key }) {
                    Console.error(
                        "warning: \(publisher.subscriberList.displayPath): \(count) subscriber(s) follow the topic '\(topic)', which no item or configured topic has; check the spelling"
                    )
                }
                for draft in library.drafts {
                    Console.out("draft: \(draft.file): needs \(draft.item.draftNeeds.joined(separator: "; "))\n")
                }
                var summary =
                    "\(library.items.count + library.diagnostics.map(\.file).uniqued().count) items, \(subscribers) subscribers"
                if !library.drafts.isEmpty {
                    summary +=
                        ", \(library.drafts.count) draft\(library.drafts.count == 1 ? "" : "s") (kept out of every issue and alert)"
                }
                if duplicates > 0 {
                    summary += " (\(duplicates) duplicate address\(duplicates == 1 ? "" : "es"), sent once)"
                }
                if let dkim = publisher.configuration.dkimSummary { summary += ", " + dkim }
                if problems.isEmpty {
                    Console.out("ok: config, templates, \(summary)\n")
                } else {
                    Console.error("\(problems.count) problem\(problems.count == 1 ? "" : "s") found (\(summary))")
                    throw ExitCode(ExitStatus.code(for: .badData))
                }
            }
        }
    }
}

extension Array where Element: Hashable {
    /// The distinct elements, in first-seen order.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
