import ArgumentParser
import Foundation
import Publishing
import Settings

extension Newsletter {
    /// Reads delivery reports, complaints and mailed unsubscribes, and suppresses what they call for.
    struct Bounces: NewsletterCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read delivery reports, complaints and mailed unsubscribes; suppress what they call for.",
            discussion: """
                Without FILE, polls bounces.mailbox (IMAP or POP3) and moves each message to Processed once its \
                outcome is recorded. With FILE (.eml or mbox), reads those files. With --dry-run, prints one \
                finding a line (KIND, ADDRESS, STATUS, SOURCE, tab-separated) and records nothing.
                """
        )

        @OptionGroup var options: GlobalOptions

        @Flag(name: .long, help: "Print the findings and record nothing (needs FILE).")
        var dryRun = false

        @Flag(help: "With --dry-run, add to each line why: the rule that decided its class, and the server's text.")
        var explain = false

        @Argument(help: "Report files: one message (.eml) or an mbox each.")
        var files: [String] = []

        /// Set by a test: the run stops dead (SIGKILL) after recording the first message, before moving it.
        static let crashVariable = "NEWSLETTER_TEST_CRASH_AFTER_RECORDING"

        func validate() throws {
            if dryRun && files.isEmpty { throw ValidationError("--dry-run reads files: name the report files") }
            if explain && !dryRun { throw ValidationError("--explain goes with --dry-run") }
        }

        func perform() throws {
            let publisher = try options.publisher()
            let summary: BounceSummary
            if files.isEmpty {
                let crash = ProcessInfo.processInfo.environment[Self.crashVariable] == "1"
                summary = try publisher.pollReportInbox(
                    through: options.reportInboxes,
                    afterRecording: crash ? { kill(getpid(), SIGKILL) } : nil,
                    problem: { Console.error("newsletter: \($0)") }
                )
            } else {
                summary = try publisher.readBounceFiles(
                    files,
                    dryRun: dryRun,
                    explain: explain,
                    emit: { Console.out($0 + "\n") },
                    problem: { Console.error("newsletter: \($0)") }
                )
            }
            if !dryRun && summary.reports > 0 { Console.out(summary.line + "\n") }
            if summary.missingFiles > 0 { throw ExitCode(ExitStatus.code(for: .missingInput)) }
            if summary.unreadable > 0 && !files.isEmpty { throw ExitCode(ExitStatus.code(for: .badData)) }
        }
    }
}
