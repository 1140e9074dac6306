import ArgumentParser
import Composer
import Foundation
import Ledger
import Mailer

extension Newsletter {
    /// Puts addresses on the suppression list.
    struct Unsubscribe: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add addresses to the suppression list: later issues and alerts skip them."
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The addresses to unsubscribe.")
        var addresses: [String]

        func validate() throws {
            guard !addresses.isEmpty else { throw ValidationError("name at least one address") }
        }

        func run() throws {
            try ExitStatus.guarding {
                var emails: [String] = []
                for address in addresses {
                    emails.append(try Subscriber(recipient: address, option: "unsubscribe").email)
                }
                let publisher = try options.publisher()
                let ledger = try Ledger.open(at: publisher.configuration.stateFile)
                let added = try ledger.suppress(emails, reason: "unsubscribed")
                Console.error(
                    "unsubscribed \(added) address\(added == 1 ? "" : "es")\(added < emails.count ? " (\(emails.count - added) already were)" : "")"
                )
            }
        }
    }
}
