import ArgumentParser
import Publishing
import Settings

extension Newsletter {
    /// A one-off topic alert.
    struct Alert: NewsletterCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the items of one topic that no earlier alert carried to that topic's readers.",
            discussion: "Alerts do not use items up: the weekly issue still carries them."
        )

        @OptionGroup var options: GlobalOptions

        @Option(help: "The topic to alert on.")
        var topic: String

        @Option(name: .customLong("item"), help: "Only this item (repeatable); its id is its file name without .md.")
        var items: [String] = []

        @OptionGroup var send: SendOptions

        func perform() throws {
            try send.run(options, topic: topic, what: "alert --topic \"\(topic)\"") { publisher, transport, progress in
                try publisher.alert(topic: topic, itemIDs: items, through: transport, progress: progress)
            }
        }
    }
}
