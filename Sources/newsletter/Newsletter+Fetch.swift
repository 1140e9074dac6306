import ArgumentParser
import Foundation
import Intake
import Settings

extension Newsletter {
    /// Reads the configured feeds into draft items.
    struct Fetch: NewsletterCommand {
        static let configuration = CommandConfiguration(
            commandName: "fetch",
            abstract:
                "Read the configured feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1); write each new entry as a draft item.",
            discussion: """
                Entries are matched across runs by id, then link: an entry is written once, and never again \
                after its item is deleted. Exit status: 65 if any feed is malformed, else 75 if any failed for \
                a reason that may pass (HTTP error, timeout, too large, TLS), else 0.
                """
        )

        @OptionGroup var options: GlobalOptions

        @Flag(
            name: .customLong("dry-run"),
            help: "Print what would be written; write nothing, not even the state database."
        )
        var dryRun = false

        func perform() throws {
            let configuration = try Configuration.load(from: options.config)
            guard !configuration.feeds.isEmpty else {
                Console.error(
                    "no feeds configured: add a \"feeds\" list to \(options.config) (see config.example.json)"
                )
                return
            }
            let reports = try Fetcher(configuration: configuration, logger: options.logger()).run(dryRun: dryRun)
            var malformed = false
            var failed = false
            for report in reports {
                let name = report.feed.url
                switch report.outcome {
                case .read(let written, let seenBefore):
                    let count = "\(written.count) new item\(written.count == 1 ? "" : "s")"
                    Console.out("\(name): \(dryRun ? "would write " : "")\(count), \(seenBefore) seen before\n")
                    for id in written where dryRun { Console.out("  \(id).md\n") }
                case .notModified:
                    Console.out("\(name): not modified since the last fetch\n")
                case .malformed(let reason):
                    malformed = true
                    Console.error("newsletter: feed \(name): \(reason); ask its publisher, or remove it from feeds")
                case .failed(let reason):
                    failed = true
                    Console.error("newsletter: feed \(name): \(reason); the next fetch tries again")
                }
            }
            if malformed { throw ExitCode(ExitStatus.code(for: .badData)) }
            if failed { throw ExitCode(ExitStatus.code(for: .temporaryFailure)) }
        }
    }
}
