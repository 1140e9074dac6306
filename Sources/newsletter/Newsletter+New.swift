import ArgumentParser
import Composer
import Foundation
import Intake
import NewsletterCore
import Settings

extension Newsletter {
    /// Writes a new item file dated today.
    struct New: NewsletterCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Write a new item file dated today, correctly quoted, and print its path.",
            discussion:
                "Without --url the item is a draft: no issue or alert carries it until the editor adds the address "
                + "and removes `draft: true`."
        )

        @OptionGroup var options: GlobalOptions

        @Option(help: "The topic heading it goes under.")
        var topic: String

        @Option(help: "The headline (any text: colons, #, quotes).")
        var title: String

        @Option(help: "The address of what it is about (http, https or mailto).")
        var url: String?

        @Option(help: "Who published it.")
        var source: String?

        func perform() throws {
            let configuration = try Configuration.load(from: options.config)
            let file = try NewItem(topic: topic, title: title, url: url, source: source)
                .write(in: configuration.itemsFolder, today: .today())
            Console.out(
                file.displayPath(
                    relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                ) + "\n"
            )
            if url == nil { Console.error("a draft: add the url and remove `draft: true` when it is ready") }
        }
    }
}
