import ArgumentParser
import NewsletterCore
import Publishing

extension Newsletter {
    /// Rewrites the web archive.
    struct Archive: NewsletterCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rewrite the web archive (a page per issue, the index, the Atom feed) from the state database."
        )

        @OptionGroup var options: GlobalOptions

        func perform() throws {
            let publisher = try options.publisher()
            let pages = try publisher.rebuildArchive()
            let folder = publisher.configuration.archive?.folder.path ?? ""
            let plural = pages == 1 ? "" : "s"
            Console.error("archive: \(pages) issue page\(plural), index.html and feed.xml in \(folder)")
        }
    }
}
