import GRDB
import NewsletterCore

extension Ledger {
    /// The address behind an unsubscribe token handed out with an earlier mailing, or `nil`.
    ///
    /// Only a lookup: the caller still checks the token's signature for that address
    /// (`ReaderToken.isValid`), so a row alone never unsubscribes anyone.
    package func readerAddress(forToken token: String) throws(NewsletterError) -> (emailKey: String, email: String)? {
        try read { db in
            try ReaderTokenRecord.fetchOne(db, key: token).map { (emailKey: $0.emailKey, email: $0.email) }
        }
    }
}
