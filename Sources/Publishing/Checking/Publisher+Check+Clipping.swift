import Composer
import NewsletterCore

extension Publisher {
    /// The warning for an issue whose HTML part, as `copy` would receive it, is past Gmail's
    /// clipping limit, or `nil`.
    ///
    /// Measured without the unsubscribe secret, which `check` does not need: an unsigned link is
    /// shorter than a signed one by its token, a few dozen bytes against a limit of 102 KB. A
    /// header that cannot be formed is reported elsewhere; here it only means no measurement.
    func clippingWarning(for bulletin: Bulletin, rendered: RenderedBulletin, copy: Subscriber) -> String? {
        var unsigned = configuration
        unsigned.unsubscribe.secretEnvironmentVariable = nil
        guard
            let factory = try? MessageFactory(
                configuration: unsigned,
                kind: bulletin.kind,
                number: bulletin.number,
                rendered: rendered
            )
        else { return nil }
        let size = factory.sentSize(ofHTML: rendered.html, for: copy)
        guard size > MessageFactory.gmailClippingBytes else { return nil }
        let kilobytes = (size + 1023) / 1024
        return "warning: issue \(bulletin.number) (\(bulletin.items.count) items): its HTML part is \(kilobytes) KB "
            + "as sent, and Gmail shows only the first 102 KB, hiding the rest and the unsubscribe link behind "
            + "\"View entire message\"; keep some items for the next issue or shorten their summaries"
    }
}
