import ArgumentParser
import Foundation
import Intake
import Settings

extension Newsletter {
    /// Turns archived plain-text bulletins into item files.
    struct Import: NewsletterCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Turn archived plain-text bulletins into item files, each item once.",
            discussion: """
                The archive keeps no addresses, so every item is written as a draft: `newsletter check` \
                lists what each still needs. Existing files are never overwritten. With --as-sent, each \
                bulletin is also recorded as an issue already sent (dated by its newest item), oldest \
                first whatever the order given, so no later issue repeats its items. Exit 65 names the \
                file and line of a bulletin not in the layout; nothing is written then.
                """
        )

        @OptionGroup var options: GlobalOptions

        @Flag(name: .customLong("as-sent"), help: "Also record each bulletin, oldest first, as an issue already sent.")
        var asSent = false

        @Flag(name: .customLong("dry-run"), help: "Report what would be written; write nothing.")
        var dryRun = false

        @Argument(help: "The archived bulletins (plain text), in any order.")
        var files: [String]

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("name at least one bulletin file") }
        }

        func perform() throws {
            let configuration = try Configuration.load(from: options.config)
            let importer = Importer(configuration: configuration, logger: options.logger())
            let reports = try importer.run(files: files, asSent: asSent, dryRun: dryRun)
            if reports.map(\.file) != files {
                Console.error(
                    "import: the bulletins are \(dryRun ? "taken" : "recorded") oldest first, by date, not in the "
                        + "order given, so that the issue numbers follow the dates"
                )
            }
            let verb = dryRun ? "to write" : "written"
            for report in reports {
                var line =
                    "\(report.file): \(report.written.count) item\(report.written.count == 1 ? "" : "s") \(verb), "
                    + "\(report.duplicates.count) duplicate\(report.duplicates.count == 1 ? "" : "s"), "
                    + "\(report.drafts) draft\(report.drafts == 1 ? "" : "s")"
                if let issue = report.issue {
                    line +=
                        dryRun
                        ? "; would be recorded as issue \(issue.number) of \(issue.date.long)"
                        : "; recorded as issue \(issue.number) of \(issue.date.long), already sent"
                } else if asSent {
                    line += "; not recorded: every item of it was in an earlier issue"
                }
                Console.out(line + "\n")
                if dryRun {
                    for id in report.written { Console.out("  \(id).md\n") }
                }
            }
            let written = reports.map(\.written.count).reduce(0, +)
            let duplicates = reports.map(\.duplicates.count).reduce(0, +)
            let drafts = reports.map(\.drafts).reduce(0, +)
            Console.out(
                "total: \(written) item\(written == 1 ? "" : "s") \(verb), \(duplicates) "
                    + "duplicate\(duplicates == 1 ? "" : "s"), \(drafts) draft\(drafts == 1 ? "" : "s")"
                    + (drafts > 0 && !dryRun ? "; `newsletter check` lists what each draft needs" : "") + "\n"
            )
        }
    }
}
