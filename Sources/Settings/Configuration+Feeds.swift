import Foundation

extension Configuration {
    /// A feed that `fetch` reads: each entry not seen before becomes a draft item in `topic`.
    package struct Feed: Sendable, Equatable {
        /// `https://…`, `http://…` or `file://…`: RSS 2.0, Atom 1.0 or JSON Feed 1.1.
        package var url: String
        /// The topic its items go under.
        package var topic: String
        /// Who publishes it (the items' `source`); the feed's own title when `nil`.
        package var source: String?
        /// Seconds to wait for the whole transfer.
        package var timeoutSeconds: Int

        /// Creates a feed entry of the config.
        package init(url: String, topic: String, source: String? = nil, timeoutSeconds: Int = 30) {
            self.url = url
            self.topic = topic
            self.source = source
            self.timeoutSeconds = timeoutSeconds
        }
    }
}

extension ConfigurationFile {
    /// One entry of `feeds`, as written; keys the program does not know are kept to be reported.
    struct FeedEntry: Decodable {
        static let keys: Set<String> = ["url", "topic", "source", "timeoutSeconds"]

        var url: String
        var topic: String
        var source: String?
        var timeoutSeconds: Int?
        var unknownKeys: [String]

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            unknownKeys = container.allKeys.map(\.stringValue).filter { !Self.keys.contains($0) }.sorted()
            url = try container.decode(String.self, forKey: Key(stringValue: "url"))
            topic = try container.decode(String.self, forKey: Key(stringValue: "topic"))
            source = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "source"))
            timeoutSeconds = try container.decodeIfPresent(Int.self, forKey: Key(stringValue: "timeoutSeconds"))
        }
    }
}
