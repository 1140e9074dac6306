import ArgumentParser
import Publishing
import Settings

extension Newsletter {
    /// Shows where the list stands.
    struct Status: NewsletterCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the last issue and alert, the items waiting, and deliveries pending or failed."
        )

        @OptionGroup var options: GlobalOptions

        func perform() throws {
            Console.out(try options.publisher().status().joined(separator: "\n") + "\n")
        }
    }
}
