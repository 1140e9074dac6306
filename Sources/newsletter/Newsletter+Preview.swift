import ArgumentParser
import Foundation
import NewsletterCore
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

        @Option(help: "Show the copy this address would receive (default: the first active reader).")
        var to: String?

        @Option(
            help: "Show the copy of a reader who gets only these topics (;-separated: \"Online safety;Early years\")."
        )
        var topics: String?

        func perform() throws {
            let onlyTopics = topics.map {
                $0.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            if let onlyTopics, onlyTopics.isEmpty {
                throw NewsletterError(.usage, "name at least one topic: --topics \"A;B\"", context: "--topics")
            }
            if topic != nil, onlyTopics != nil {
                throw NewsletterError(
                    .usage,
                    "--topics shows a weekly issue; an alert has one --topic",
                    context: "--topics"
                )
            }
            switch try options.publisher().preview(format: format, topic: topic, to: to, onlyTopics: onlyTopics) {
            case .ready(let bytes): FileHandle.standardOutput.write(Data(bytes))
            case .nothingNew(let reason): Console.error(reason)
            }
        }
    }
}

extension Publisher.PreviewFormat: ExpressibleByArgument {}
