import ArgumentParser
import Foundation
import Publishing
import Settings

extension Newsletter {
    /// Prints the next issue or alert; never sends, never writes state.
    struct Preview: NewsletterCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the next issue (or, with --topic, the next alert) to stdout.",
            discussion: "Never sends and never writes the state file."
        )

        @OptionGroup var options: GlobalOptions

        @Option(help: "text (the plain-text body), html (the HTML body) or eml (the whole message).")
        var format: Publisher.PreviewFormat = .text

        @Option(help: "Preview the next alert for this topic instead of the next issue.")
        var topic: String?

        @Option(help: "Show the copy this address would receive (default: the first active subscriber).")
        var to: String?

        func perform() throws {
            switch try options.publisher().preview(format: format, topic: topic, to: to) {
            case .ready(let bytes): FileHandle.standardOutput.write(Data(bytes))
            case .nothingNew(let reason): Console.error(reason)
            }
        }
    }
}

extension Publisher.PreviewFormat: ExpressibleByArgument {}
