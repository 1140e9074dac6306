import Composer
import Foundation
import ItemFormat
import Ledger
import Logging
import NewsletterCore
import Settings

/// Everything one list does: composes its next issue or alert from the items folder and the ledger,
/// and delivers mailings to its subscribers through a ``MailingTransport``.
///
/// The commands are thin wrappers around this type: `preview`, `check` and `status` use the
/// composition half read-only, `send` and `alert` record a mailing in the ledger and hand it to the
/// transport the executable wires in (SMTP, from `Mailer`).
package struct Publisher: Sendable {
    /// The list's settings.
    package let configuration: Configuration
    /// Where progress and problems are logged.
    package let logger: Logger
    /// How many recipients each transaction of a mailing's recording takes (`send`'s hidden
    /// `--recording-chunk`, for tests of a recording cut short).
    package var recordingChunk = Recording.defaultChunkSize
    /// A pause after each chunk of a mailing's recording, outside any transaction, in milliseconds
    /// (`send`'s hidden `--recording-pause-ms`): lets a test act while a mailing is being recorded.
    package var recordingPauseMilliseconds = 0

    /// A publisher for the list `configuration` describes.
    package init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// The folder paths in messages are shown relative to: the current folder.
    var displayBase: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }

    /// The subscriber list.
    package var subscriberFile: SubscriberFile {
        SubscriberFile(
            file: configuration.subscribersFile,
            displayPath: configuration.subscribersFile.displayPath(relativeTo: displayBase)
        )
    }

    /// Every item, read and checked.
    package func itemLibrary() throws(NewsletterError) -> ItemLibrary {
        try ItemLibrary.load(from: configuration.itemsFolder, relativeTo: displayBase)
    }

    /// The renderer with the configured templates, loaded and checked.
    package func renderer() throws(NewsletterError) -> BulletinRenderer {
        BulletinRenderer(
            configuration: configuration,
            templates: try TemplateSet.load(from: configuration.templatesFolder)
        )
    }

    /// The state database for reading, or `nil` before the first send.
    package func readOnlyLedger() throws(NewsletterError) -> Ledger? {
        try Ledger.openReadOnly(at: configuration.stateFile)
    }
}

extension Publisher {
    /// `recipient` as the next mailing sees them (``reader(_:)``: the file's row with the reader's own
    /// choices), so a preview or test copy is exactly what that reader receives: their name, topics
    /// and choice of edition.
    ///
    /// A name given with `--to` (`"Ada <ada@example.org>"`) is kept; an unreadable list changes nothing.
    package func withOwnChoices(_ recipient: Reader) -> Reader {
        guard var listed = (try? reader(recipient.email)) ?? nil else { return recipient }
        if !recipient.name.isEmpty { listed.name = recipient.name }
        return listed
    }
}
