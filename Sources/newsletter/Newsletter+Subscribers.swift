import ArgumentParser
import Composer
import Foundation
import NewsletterCore
import Publishing
import Settings

extension Newsletter {
    /// The readers as the next mailing sees them: list, add, export, show, forget.
    struct Subscribers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The readers: the subscriber file and the sign-ups together.",
            subcommands: [List.self, Add.self, Export.self, Show.self, Rotate.self, Forget.self]
        )

        /// One line per reader: address, state, origin, topics.
        struct List: NewsletterCommand {
            static let configuration = CommandConfiguration(
                abstract: "One line per reader: address, state, origin (file, form, editor), topics and issue."
            )

            @OptionGroup var options: GlobalOptions

            func perform() throws {
                try options.publisher().readers { reader in
                    let topics = reader.topics.isEmpty ? "every topic" : reader.topics.joined(separator: ";")
                    let issue =
                        reader.editionChoice == .topics && !reader.topics.isEmpty ? "only these topics" : "whole issue"
                    Console.out("\(reader.email)\t\(reader.state)\t\(reader.origin)\t\(topics)\t\(issue)\n")
                }
            }
        }

        /// An editor adds a reader: active at once, recorded as added by an editor.
        struct Add: NewsletterCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a reader (active at once, recorded as added by an editor)."
            )

            @OptionGroup var options: GlobalOptions
            @Argument(help: "The reader's address.") var address: String
            @Option(help: "The reader's name.") var name: String = ""
            @Option(help: "A topic the reader follows (repeat for more; none for every topic).")
            var topic: [String] = []
            @Option(help: "whole (every section of the weekly issue) or topics (only their topics' sections).")
            var issue: String?

            func perform() throws {
                let publisher = try options.publisher()
                var reader = try Reader(recipient: address, option: "address")
                if !name.isEmpty { reader.name = name }
                let topics = publisher.configuration.topics
                for chosen in topic where !topics.contains(chosen) {
                    throw NewsletterError(
                        .usage,
                        "'\(chosen)' is not one of the list's topics: \(topics.joined(separator: ", "))",
                        context: "--topic"
                    )
                }
                var editionChoice: EditionChoice?
                if let issue {
                    guard let chosen = EditionChoice(rawValue: issue.lowercased()) else {
                        throw NewsletterError(.usage, "use --issue whole or --issue topics", context: "--issue")
                    }
                    if chosen == .topics && topic.isEmpty {
                        throw NewsletterError(
                            .usage,
                            "an issue of only their topics needs the topics: add --topic T for each",
                            context: "--issue"
                        )
                    }
                    editionChoice = chosen
                }
                try publisher.addReader(reader, topics: topic.isEmpty ? nil : topic, editionChoice: editionChoice)
                Console.error("added \(reader.email)")
            }
        }

        /// Every reader with state, topics and consent, as CSV or JSON.
        struct Export: NewsletterCommand {
            static let configuration = CommandConfiguration(
                abstract: "Every reader with state, topics and consent, as CSV or JSON (to stdout, or a new 0600 file)."
            )

            @OptionGroup var options: GlobalOptions
            @Option(help: "csv or json.") var format: String = "csv"
            @Option(help: "A new file to write (created readable by its owner only); default stdout.") var out: String?

            func perform() throws {
                guard let format = ReaderExport.Format(rawValue: format) else {
                    throw NewsletterError(.usage, "use --format csv or --format json", context: "--format")
                }
                let (text, count) = try options.publisher().export(as: format)
                if let out {
                    try PrivateFile.create(at: URL(fileURLWithPath: out), contents: text)
                    Console.error("exported \(count) readers to \(out)")
                } else {
                    Console.out(text)
                }
            }
        }

        /// Everything held about one address (a subject access request).
        struct Show: NewsletterCommand {
            static let configuration = CommandConfiguration(
                abstract: "Everything held about one address: its row, its consent, its suppression, its mailings."
            )

            @OptionGroup var options: GlobalOptions
            @Argument(help: "The address.") var address: String

            func perform() throws {
                let data = try options.publisher().readerData(address)
                guard
                    data.listed != nil || data.registered != nil || data.suppression != nil || !data.deliveries.isEmpty
                else {
                    throw NewsletterError(.missingInput, "nothing is held about this address", context: address)
                }
                Console.out(ReaderDataReport.text(data) + "\n")
            }
        }

        /// A reader's page links made anew: every older one stops working.
        struct Rotate: NewsletterCommand {
            static let configuration = CommandConfiguration(
                abstract: "Revoke every link to a reader's own page made until now (a forwarded issue's included).",
                discussion: "The reader's next message carries a new link; their unsubscribe link keeps working."
            )

            @OptionGroup var options: GlobalOptions
            @Argument(help: "The address.") var address: String

            func perform() throws {
                guard try options.publisher().rotateLinks(of: address) else {
                    throw NewsletterError(
                        .missingInput,
                        "not on the subscriber file nor in the state database; check the address",
                        context: address
                    )
                }
                Console.error(
                    "revoked every page link of \(address) made until now; the next message carries a new one"
                )
            }
        }

        /// Erasure.
        struct Forget: NewsletterCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Erase an address from the subscriber file and the state database; a keyed hash keeps it unmailed."
            )

            @OptionGroup var options: GlobalOptions
            @Argument(help: "The address.") var address: String

            func perform() throws {
                let erasure = try options.publisher().forget(address)
                let rows = erasure.rows
                let deliveries = erasure.ledger.deliveries
                Console.error(
                    "forgot \(address): \(rows) row\(rows == 1 ? "" : "s") of the subscriber file, "
                        + "\(deliveries) past deliver\(deliveries == 1 ? "y" : "ies") kept as counts"
                )
                Console.error(
                    "exports made earlier (subscribers export, backups) still hold the address: delete or edit them too"
                )
            }
        }
    }
}
