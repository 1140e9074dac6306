import ArgumentParser
import Publishing
import Settings

extension Newsletter {
    /// Validates everything a send depends on and lists every problem.
    struct Check: NewsletterCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the config, templates, every item and every subscriber row.",
            discussion: "Lists every problem found, one per line on stderr; exits 65 if there is any."
        )

        @OptionGroup var options: GlobalOptions

        func perform() throws {
            let report = try options.publisher().check()
            for line in report.problems + report.warnings { Console.error(line) }
            for draft in report.drafts { Console.out(draft + "\n") }
            guard report.isClean else {
                let count = report.problems.count
                Console.error("\(count) problem\(count == 1 ? "" : "s") found (\(report.summary))")
                throw ExitCode(ExitStatus.code(for: .badData))
            }
            Console.out("ok: config, templates, \(report.summary)\n")
        }
    }
}
