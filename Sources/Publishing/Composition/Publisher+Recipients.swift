import Composer
import NewsletterCore

extension Publisher {
    /// `recipient` as the list knows them: a `--to` address without a name that is on the list gets
    /// the listed subscriber's name, so a preview or test copy is exactly what that reader receives.
    ///
    /// A name given with `--to` (`"Ada <ada@example.org>"`) is kept; an unreadable list changes nothing.
    package func listedCopy(of recipient: Subscriber) -> Subscriber {
        guard recipient.name.isEmpty else { return recipient }
        let listed = try? subscriberList.first { $0.email.equalsIgnoringCase(recipient.email) }
        return listed ?? recipient
    }
}
