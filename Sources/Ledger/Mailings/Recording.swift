import NewsletterCore

/// What recording a mailing's deliveries takes besides the mailing itself, as one value: where its
/// readers come from, what the ledger keeps of each, and how the work is cut up.
///
/// Who of those readers receives the mailing, and which edition, is the mailing's ``Audience``
/// (``Mailing/audience``); the ledger applies it to each reader as it records them.
package struct Recording {
    /// Streams the subscriber file's rows: calls the closure it receives once per row, in file order,
    /// so that the list is never held whole.
    package let listedReaders: ((Reader) throws -> Void) throws -> Void
    /// Makes a recipient's unsubscribe token, which the ledger remembers
    /// (``Ledger/readerAddress(forToken:)``); `nil` for a list without a secret.
    package let token: ((Reader) -> String)?
    /// The keyed hash an erased address is remembered by; `nil` for a list without a secret.
    package let erasedHash: ((String) -> String)?
    /// How many readers one transaction takes: short enough that a reader's unsubscribe, waiting
    /// for the write lock meanwhile, is answered within milliseconds.
    package let chunkSize: Int
    /// Told how many chunks are in after each one (a test's pause between chunks).
    package let afterChunk: ((Int) -> Void)?

    /// The default number of readers per transaction.
    package static let defaultChunkSize = 500

    /// A recording of the readers `listedReaders` streams.
    package init(
        listedReaders: @escaping ((Reader) throws -> Void) throws -> Void,
        token: ((Reader) -> String)? = nil,
        erasedHash: ((String) -> String)? = nil,
        chunkSize: Int = defaultChunkSize,
        afterChunk: ((Int) -> Void)? = nil
    ) {
        self.listedReaders = listedReaders
        self.token = token
        self.erasedHash = erasedHash
        self.chunkSize = max(1, chunkSize)
        self.afterChunk = afterChunk
    }

    /// A recording of `readers`, for tests and small lists.
    package init(readers: [Reader], chunkSize: Int = defaultChunkSize) {
        self.init(listedReaders: { each in for reader in readers { try each(reader) } }, chunkSize: chunkSize)
    }
}

extension Mailing {
    /// Who receives this mailing, and which edition each reader gets.
    package var audience: Audience {
        Audience(kind: kind, topic: topic, headings: rendered.sections.map(\.topic))
    }
}
