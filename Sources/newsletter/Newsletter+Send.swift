import ArgumentParser
import Publishing
import Settings

extension Newsletter {
    /// The weekly job.
    struct Send: NewsletterCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver the next issue to every active reader (resuming an unfinished one first).",
            discussion: """
                Exit status: 0 done (or nothing new), 69 server unreachable, 75 some deliveries deferred, \
                another send running, or stopped by SIGTERM or SIGINT after finishing the messages in \
                flight (a rerun resumes), 77 credentials refused.
                """
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var send: SendOptions

        func perform() throws {
            try send.run(options, topic: nil, what: "send") { publisher, transport, progress in
                try publisher.send(through: transport, progress: progress)
            }
        }
    }
}
