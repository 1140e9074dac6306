import Foundation
import NewsletterCore

extension ConfigurationValidator {
    /// The checked `feeds` list: known keys only, an http, https or file URL, a one-line topic.
    func feeds(_ raw: [ConfigurationFile.FeedEntry]?) throws(NewsletterError) -> [Configuration.Feed] {
        var feeds: [Configuration.Feed] = []
        for (index, entry) in (raw ?? []).enumerated() {
            let key = "feeds[\(index)]"
            func bad(_ field: String, _ message: String) -> NewsletterError {
                NewsletterError(.badConfiguration, "\(key).\(field): \(message)", context: path)
            }
            if let unknown = entry.unknownKeys.first {
                throw bad(
                    unknown,
                    "unknown key; the keys are \(ConfigurationFile.FeedEntry.keys.sorted().joined(separator: ", "))"
                )
            }
            let url = entry.url.trimmingCharacters(in: .whitespaces)
            if url.lowercased().hasPrefix("file://") {
                guard URL(string: url)?.path.isEmpty == false else {
                    throw bad("url", "'\(url)' is not a file URL; write file:///path/to/feed.xml")
                }
            } else if let problem = WebAddress.problem(with: url, schemes: ["http", "https"]) {
                throw bad("url", "\(problem); feeds are read over http, https or from a file:// URL")
            }
            let topic = entry.topic.trimmingCharacters(in: .whitespaces)
            guard !topic.isEmpty, WebAddress.controlCharacter(in: topic) == nil else {
                throw bad("topic", "must be a non-empty single line: the topic the feed's items go under")
            }
            let source = entry.source?.trimmingCharacters(in: .whitespaces)
            if let source, WebAddress.controlCharacter(in: source) != nil {
                throw bad("source", "must be a single line")
            }
            let timeout = entry.timeoutSeconds ?? 30
            guard (1...600).contains(timeout) else { throw bad("timeoutSeconds", "must be between 1 and 600") }
            guard !feeds.contains(where: { $0.url == url }) else { throw bad("url", "'\(url)' is listed twice") }
            feeds.append(
                Configuration.Feed(
                    url: url,
                    topic: topic,
                    source: source?.isEmpty == true ? nil : source,
                    timeoutSeconds: timeout
                )
            )
        }
        return feeds
    }
}
