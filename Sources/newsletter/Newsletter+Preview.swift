import ArgumentParser
import Composer
import Foundation
import Ledger
import Mailer

extension Newsletter {
    /// Prints the next issue or alert; never sends, never writes state.
    struct Preview: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the next issue (or, with --topic, the next alert) to stdout.",
            discussion: "Never sends and never writes the state file."
        )

        /// What to print.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, html, eml
        }

        @OptionGroup var options: GlobalOptions

        @Option(help: "text (the plain-text body), html (the HTML body) or eml (the whole message).")
        var format: Format = .text

        @Option(help: "Preview the next alert for this topic instead of the next issue.")
        var topic: String?

        @Option(help: "Show the copy this address would receive (default: the first active subscriber).")
        var to: String?

        func run() throws {
            try ExitStatus.guarding {
                let publisher = try options.publisher()
                let ledger = try publisher.readOnlyLedger()
                let bulletin: Bulletin
                switch try publisher.nextMailing(topic: topic, ledger: ledger, date: .today()) {
                case .success(let value): bulletin = value
                case .failure(let nothing):
                    Console.error(nothing.message)
                    return
                }
                let rendered = try publisher.renderer().render(bulletin)
                let recipient = try recipient(publisher, ledger: ledger)
                let factory = try MessageFactory(
                    configuration: publisher.configuration,
                    kind: bulletin.kind,
                    number: bulletin.number,
                    rendered: rendered
                )
                switch format {
                case .text: Console.out(factory.personalize(rendered.text, for: recipient, html: false))
                case .html: Console.out(factory.personalize(rendered.html, for: recipient, html: true))
                case .eml: FileHandle.standardOutput.write(Data(try factory.message(for: recipient)))
                }
            }
        }

        private func recipient(_ publisher: Publisher, ledger: Ledger?) throws -> Subscriber {
            if let to { return publisher.listedCopy(of: try Subscriber(recipient: to, option: "--to")) }
            if let first = try publisher.firstActiveSubscriber(ledger: ledger, topic: topic) { return first }
            throw NewsletterError(
                .badData,
                "no active subscriber\(topic.map { " takes '\($0)'" } ?? ""); pass --to ADDRESS to preview a copy",
                context: publisher.subscriberList.displayPath
            )
        }
    }
}
