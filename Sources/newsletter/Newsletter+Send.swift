import ArgumentParser
import Composer
import Mailer

extension Newsletter {
    /// The weekly job.
    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver the next issue to every active subscriber (resuming an unfinished one first).",
            discussion: """
                Exit status: 0 done (or nothing new), 69 server unreachable, 75 some deliveries deferred \
                or another send running (a rerun resumes), 77 credentials refused.
                """
        )

        @OptionGroup var options: GlobalOptions
        @OptionGroup var send: SendOptions

        func run() throws {
            try ExitStatus.guarding {
                let publisher = try options.publisher(quiet: send.quiet)
                if let recipient = try send.testRecipient() {
                    try send.finishTest(try publisher.testSend(to: recipient, topic: nil), recipient: recipient)
                    return
                }
                try send.finish(try publisher.send(progress: send.progressLine()), what: "send")
            }
        }
    }
}
