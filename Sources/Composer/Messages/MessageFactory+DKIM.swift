import DKIM
import Foundation
import NewsletterCore
import Settings

extension MessageFactory {
    /// `message` with a `DKIM-Signature` field per configured key in front; `message` itself when there is none.
    ///
    /// Every copy goes through here last, after all per-recipient changes, so the signature covers
    /// the exact bytes that go out (`send`, `send --to`, `alert` and `preview --format eml` alike).
    func signed(_ message: [UInt8]) throws(NewsletterError) -> [UInt8] {
        guard let signer else { return message }
        do { return try signer.sign(message, at: Date()) } catch {
            throw NewsletterError(.badConfiguration, error.description, context: configuration.file.path)
        }
    }
}
