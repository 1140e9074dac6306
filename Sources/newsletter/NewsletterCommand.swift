import ArgumentParser

/// A `newsletter` subcommand: ``perform()`` calls the library and prints its result; `run()`
/// is the one place that turns a failure into one line on stderr and the exit status.
protocol NewsletterCommand: ParsableCommand {
    /// Does the command's work; throws a `NewsletterError` for a failure, or an `ExitCode`.
    func perform() throws
}

extension NewsletterCommand {
    /// Runs ``perform()`` and maps its error to the exit status (see ``ExitStatus``).
    func run() throws {
        do { try perform() } catch { throw ExitStatus.exit(for: error) }
    }
}

/// A `newsletter` subcommand that runs async (`serve`); otherwise as ``NewsletterCommand``.
protocol AsyncNewsletterCommand: AsyncParsableCommand {
    /// Does the command's work; throws a `NewsletterError` for a failure, or an `ExitCode`.
    func perform() async throws
}

extension AsyncNewsletterCommand {
    /// Runs ``perform()`` and maps its error to the exit status (see ``ExitStatus``).
    func run() async throws {
        do { try await perform() } catch { throw ExitStatus.exit(for: error) }
    }
}
