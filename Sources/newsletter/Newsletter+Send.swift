import ArgumentParser
import Publishing
import Settings

extension Newsletter {
    /// The weekly job.
    struct Send: NewsletterCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver the next issue to every active subscriber (resuming an unfinished one first).",
            discussion: """
                Exit status: 0 done (or nothing new), 69 server unreachable, 75 some deliveries deferred, \
                another send running, or stopped by SIGTERM or SIGINT after finishing the messages in \
                flight (a rerun resumes), 77 credentials refused.
                """
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var send: SendOptions

        func perform() throws {
            let publisher = send.pacing(try options.publisher(quiet: send.quiet))
            let transport = options.transport(for: publisher)
            if let recipient = try send.testRecipient() {
                send.finishTest(try publisher.testSend(to: recipient, topic: nil, through: transport))
                return
            }
            try send.finish(try publisher.send(through: transport, progress: send.progressLine()), what: "send")
        }
    }
}
