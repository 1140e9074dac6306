import ArgumentParser

/// The `newsletter` command: composes a weekly bulletin from item files and mails it.
@main
struct Newsletter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsletter",
        abstract: "Compose and mail a weekly email bulletin.",
        discussion: """
            Items are Markdown files with YAML front matter; each weekly issue carries the items no \
            earlier issue carried, one personalised copy per subscriber, over SMTP.
            """,
        version: "1.0.0",
        subcommands: [
            Preview.self, Send.self, Alert.self, Status.self, Check.self, Unsubscribe.self,
            Import.self, Init.self, New.self, Fetch.self, DKIM.self, Bounces.self, Serve.self, Archive.self,
            Subscribers.self,
        ]
    )
}
