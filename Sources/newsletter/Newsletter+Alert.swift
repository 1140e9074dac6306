import ArgumentParser
import Composer
import Mailer

extension Newsletter {
    /// A one-off topic alert.
    struct Alert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the items of one topic that no earlier alert carried to that topic's subscribers.",
            discussion: "Alerts do not use items up: the weekly issue still carries them."
        )

        @OptionGroup var options: GlobalOptions

        @Option(help: "The topic to alert on.")
        var topic: String

        @Option(name: .customLong("item"), help: "Only this item (repeatable); its id is its file name without .md.")
        var items: [String] = []

        @OptionGroup var send: SendOptions

        func run() throws {
            try ExitStatus.guarding {
                let publisher = try options.publisher(quiet: send.quiet)
                if let recipient = try send.testRecipient() {
                    try send.finishTest(try publisher.testSend(to: recipient, topic: topic), recipient: recipient)
                    return
                }
                try send.finish(
                    try publisher.alert(topic: topic, itemIDs: items, progress: send.progressLine()),
                    what: "alert --topic \"\(topic)\""
                )
            }
        }
    }
}
