import ArgumentParser
import Composer
import Foundation
import Intake
import NewsletterCore
import Settings

extension Newsletter {
    /// Writes a working starter newsletter folder.
    struct Init: NewsletterCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write a working starter newsletter folder (config, templates, a sample item, a list).",
            discussion:
                "`check` and `preview` pass in it at once. Never overwrites anything: if any file exists, nothing "
                + "is written."
        )

        @Argument(help: "The folder (created if missing; default: the current one).")
        var folder: String = "."

        func perform() throws {
            let url = URL(fileURLWithPath: folder).standardizedFileURL
            let written = try StarterFolder.write(to: url, today: .today())
            let config =
                folder == "."
                ? "" : " --config \(Self.shellQuoted(url.appendingPathComponent("newsletter.json").path))"
            let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let files = written.map { $0.displayPath(relativeTo: here) }.joined(separator: ", ")
            Console.out(
                """
                wrote \(files) and Templates/
                \(StarterFolder.secretFile) (mode 0600) holds the secret that signs each reader's unsubscribe \
                link: keep it private and backed up, out of version control; send and serve read it there
                next:
                  newsletter check\(config)
                  newsletter preview\(config)
                  newsletter new --topic "Getting started" --title "My first item" --url https://example.org/\(config)

                """
            )
        }

        /// `text` quoted for a POSIX shell when it needs it.
        static func shellQuoted(_ text: String) -> String {
            guard text.contains(where: { !($0.isLetter || $0.isNumber || "/._-+:@".contains($0)) }) else { return text }
            return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
    }
}
