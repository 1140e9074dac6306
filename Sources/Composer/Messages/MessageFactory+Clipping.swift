import MIME
import NewsletterCore

extension MessageFactory {
    /// The most HTML Gmail shows (102 KB, as the message carries it): the rest of a longer message,
    /// its unsubscribe link included, hides behind "View entire message".
    package static let gmailClippingBytes = 102 * 1024

    /// The bytes `subscriber`'s copy of the HTML body `html` takes in the message, quoted-printable
    /// as sent.
    package func sentSize(ofHTML html: String, for subscriber: Subscriber) -> Int {
        QuotedPrintable.encode(personalize(html, for: subscriber, html: true)).utf8.count
    }
}
