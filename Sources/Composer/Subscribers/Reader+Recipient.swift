import MIME
import NewsletterCore

extension Reader {
    /// A one-off recipient given on the command line (`--to`), as `Name <address>` or `address`.
    ///
    /// Fails with `.usage` naming `option` when the text is not a single valid address.
    package init(recipient text: String, option: String) throws(NewsletterError) {
        do {
            let mailbox = try Mailbox(parsing: text, rules: .international)
            self.init(email: mailbox.address, name: mailbox.displayName ?? "")
        } catch {
            throw NewsletterError(.usage, "\(error)", context: option)
        }
    }
}
