import ArgumentParser
import Composer
import NewsletterCore
import Publishing
import Settings

extension Newsletter {
    /// Puts addresses on the suppression list.
    struct Unsubscribe: NewsletterCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add addresses to the suppression list: later issues and alerts skip them."
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The addresses to unsubscribe.")
        var addresses: [String]

        func validate() throws {
            guard !addresses.isEmpty else { throw ValidationError("name at least one address") }
        }

        func perform() throws {
            var emails: [String] = []
            for address in addresses {
                emails.append(try Reader(recipient: address, option: "unsubscribe").email)
            }
            let added = try options.publisher().unsubscribe(emails)
            let already = emails.count - added
            let note = already > 0 ? " (\(already) already were)" : ""
            Console.error("unsubscribed \(added) address\(added == 1 ? "" : "es")\(note)")
        }
    }
}
