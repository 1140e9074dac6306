import Foundation
import IntakeCore
import ItemFormat
import NewsletterCore
import Settings

/// A working starter newsletter folder: config, templates, one sample item, a subscriber list and
/// the secret that signs readers' links.
///
/// Written so that `check` and `preview` pass at once. Nothing is ever overwritten: if any of the
/// files or folders exists already, nothing is written.
package enum StarterFolder {
    /// The names written at the top of the folder.
    package static let entries = ["newsletter.json", "Templates", "items", "subscribers.csv", secretFile]

    /// The file holding the secret that signs unsubscribe links and VERP addresses (mode 0600).
    package static let secretFile = "secret.key"

    /// Writes the starter folder into `folder` (created if needed), dated `today`.
    ///
    /// Fails with `.usage` naming the first entry that exists already.
    package static func write(to folder: URL, today: Day) throws(NewsletterError) -> [URL] {
        let manager = FileManager.default
        for name in entries where manager.fileExists(atPath: folder.appendingPathComponent(name).path) {
            throw NewsletterError(
                .usage,
                "already exists; init never overwrites anything: choose an empty folder",
                context: folder.appendingPathComponent(name).path
            )
        }
        var written: [URL] = []
        do {
            try manager.createDirectory(
                at: folder.appendingPathComponent("Templates"),
                withIntermediateDirectories: true
            )
            try manager.createDirectory(at: folder.appendingPathComponent("items"), withIntermediateDirectories: false)
            for template in templates {
                let url = folder.appendingPathComponent("Templates").appendingPathComponent(template.name)
                try Data(template.text.utf8).write(to: url, options: .withoutOverwriting)
            }
            let item = sampleItem(today: today)
            let files: [(String, String)] = [
                ("newsletter.json", configuration),
                ("items/\(item.id).md", ItemFile.text(of: item)),
            ]
            for (name, text) in files {
                let url = folder.appendingPathComponent(name)
                try Data(text.utf8).write(to: url, options: .withoutOverwriting)
                written.append(url)
            }
            // What makes the issue is nobody else's to change, whatever the umask (`check` warns
            // of it later); the readers' addresses are nobody else's to read.
            for name in ["Templates", "items"] + templates.map({ "Templates/" + $0.name }) + files.map(\.0) {
                let path = folder.appendingPathComponent(name).path
                var status = stat()
                if stat(path, &status) == 0 { chmod(path, status.st_mode & 0o755) }
            }
            let subscribers = folder.appendingPathComponent("subscribers.csv")
            try PrivateFile.create(at: subscribers, contents: "email,name,topics\neditor@example.org,Example Editor,\n")
            written.insert(subscribers, at: 1)
            let secret = folder.appendingPathComponent(secretFile)
            try PrivateFile.create(at: secret, contents: newSecret() + "\n")
            written.append(secret)
        } catch let error as NewsletterError {
            throw error
        } catch {
            throw NewsletterError(
                .ioFailure,
                "cannot write the starter folder: \(error.localizedDescription)",
                context: folder.path
            )
        }
        return written
    }

    /// The sample item, dated `today`.
    static func sampleItem(today: Day) -> Item {
        Item(
            id: "\(today.iso)-welcome",
            topic: "Getting started",
            title: "Welcome: how this newsletter works",
            source: "The editor",
            date: today,
            links: [Item.Link(label: "Read the guide", title: "Writing item files", url: "https://example.org/guide")],
            summary: """
                Each item is one Markdown file in the items folder: a few lines of front matter (topic, title, \
                source, date and links), then a short summary like this one.

                Replace this item with your first real one, or run `newsletter new --topic T --title TITLE`.
                """
        )
    }

    /// 48 random bytes from the system's generator, in base64: what `openssl rand -base64 48` makes.
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<48).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64EncodedString()
    }

    /// The starter `newsletter.json`: a relay on this machine, no credentials, signed unsubscribe links.
    static let configuration = """
        {
          "name": "My Newsletter",
          "from": "My Newsletter <news@example.org>",
          "replyTo": "editor@example.org",
          "subject": "{{name}} · Issue {{number}} · {{date}}",
          "items": "items",
          "subscribers": "subscribers.csv",
          "state": "newsletter.sqlite",
          "templates": "Templates",
          "topics": ["Getting started"],
          "archiveURL": "https://example.org/newsletter/{{number}}.html",
          "unsubscribe": {
            "mailto": "unsubscribe@example.org",
            "url": "https://example.org/unsubscribe",
            "secretFile": "secret.key"
          },
          "subscribe": {
            "url": "https://example.org/subscribe",
            "consent": "Send me My Newsletter every week. I can unsubscribe at any time.",
            "recordIP": false
          },
          "smtp": {
            "url": "smtp://127.0.0.1:25",
            "tls": "none",
            "connections": 2,
            "timeoutSeconds": 30,
            "maxAttempts": 3
          }
        }

        """
}
