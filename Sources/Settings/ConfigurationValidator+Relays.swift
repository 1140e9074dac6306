import Foundation
import NewsletterCore

extension ConfigurationValidator {
    /// The checked relays of `smtp`: one, or every one of a list, each named `smtp[i]` in messages.
    func relays(_ raw: ConfigurationFile.Relays) throws(NewsletterError) -> [Configuration.SMTP] {
        guard raw.isList else { return [try smtp(raw.list[0])] }
        guard !raw.list.isEmpty else {
            throw bad("smtp", "the list of relays is empty; give at least one relay object")
        }
        var relays: [Configuration.SMTP] = []
        for (index, relay) in raw.list.enumerated() {
            do {
                relays.append(try smtp(relay))
            } catch {
                var renamed = error
                if renamed.message.hasPrefix("smtp.") {
                    renamed.message = "smtp[\(index)]." + renamed.message.dropFirst("smtp.".count)
                }
                throw renamed
            }
            if let earlier = relays.dropLast().firstIndex(where: { $0.url.lowercased() == relay.url.lowercased() }) {
                throw bad("smtp[\(index)].url", "'\(relay.url)' is already smtp[\(earlier)]; list each relay once")
            }
        }
        return relays
    }
}

extension Configuration {
    /// Checks the keys of each relay object when `smtp` is a list (the object form is checked with the rest).
    static func checkRelayListKeys(_ value: Any?, path: String) throws(NewsletterError) {
        guard let list = value as? [Any] else { return }
        let known = ConfigurationFile.knownKeys["smtp"] ?? []
        for (index, item) in list.enumerated() {
            guard let relay = item as? [String: Any] else {
                throw NewsletterError(
                    .badConfiguration,
                    "smtp[\(index)]: expected a relay object with url, tls, ...",
                    context: path
                )
            }
            if let unknown = relay.keys.sorted().first(where: { !known.contains($0) }) {
                throw NewsletterError(
                    .badConfiguration,
                    "smtp[\(index)].\(unknown): unknown key; the keys are \(known.sorted().joined(separator: ", "))",
                    context: path
                )
            }
        }
    }

    /// Every relay of the pool; the one `smtp` relay when the config gives a single object.
    package var allRelays: [SMTP] { relays.isEmpty ? [smtp] : relays }
}
