import Ledger
import NewsletterCore
import Signing

extension ReaderDesk {
    /// What erasing an address removed.
    package struct Erasure: Sendable, Equatable {
        /// The subscriber file's rows of the address that went.
        package var rows: Int
        /// What the state database held and kept.
        package var ledger: Ledger.Erasure
    }

    /// Erasure, the one way: `subscribers forget` and a reader's own "delete my data" both come here.
    ///
    /// The subscriber file is rewritten without the address's rows first (atomically, every other
    /// byte kept), then the state database forgets it (`Ledger.forget`): its reader row, letters,
    /// tokens, suppression and findings go, past deliveries keep only their state, and the keyed
    /// hash of the address (``ErasedAddress``) keeps it unmailed until it signs up anew. Both steps
    /// are idempotent: after a failure in between, the same erasure again finishes it.
    package static func erase(
        _ email: String,
        directory: any ReaderDirectory,
        ledger: Ledger,
        keys: SigningKeys
    ) throws(NewsletterError) -> Erasure {
        let rows = try directory.eraseListed(email)
        let erasure = try ledger.forget(email, hash: ErasedAddress.hash(of: email.lowercased(), keys: keys))
        return Erasure(rows: rows, ledger: erasure)
    }
}
