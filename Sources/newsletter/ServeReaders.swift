import Composer
import Ledger
import Logging
import Mailer
import NewsletterCore
import Settings
import WebEndpoint

/// `serve`'s letters to readers: rendered from the list's templates, signed, and sent through the
/// relay pool (the first relay that takes them).
struct RelayReaderPost: ReaderPost {
    let letters: ReaderLetterFactory
    let transport: SMTPTransport

    func send(_ letter: Letter, reader: ReaderData) throws(NewsletterError) {
        _ = try transport.sendOne(try letters.message(for: letter, data: reader), to: letter.email)
    }
}

/// The subscriber file as `serve` sees it: a row looked up, a row erased.
struct SubscriberFileDirectory: ReaderDirectory {
    let list: SubscriberList

    func listedRow(_ email: String) -> Subscriber? {
        try? list.first { $0.email.equalsIgnoringCase(email) }
    }

    func eraseListed(_ email: String) throws(NewsletterError) {
        try list.erase(email)
    }
}
