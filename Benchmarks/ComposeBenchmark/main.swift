// Measures composing alone: one personalised RFC 5322 message per recipient, no network, no ledger.
//
// Usage: compose-benchmark CONFIG [COUNT]   (COUNT defaults to 100,000)
// Renders the next issue of CONFIG's list once, then builds COUNT messages for synthetic recipients
// the way `newsletter send` does, and prints messages per second, bytes per message and peak RSS.

import Composer
import Foundation
import NewsletterCore
import Settings

#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: compose-benchmark CONFIG [COUNT]\n".utf8))
    exit(64)
}
let count = arguments.count > 2 ? Int(arguments[2]) ?? 100_000 : 100_000

do {
    let config = try Configuration.load(from: arguments[1])
    let items = try ItemLibrary.load(from: config.itemsFolder).validItems()
    let bulletin = Bulletin(
        kind: .issue,
        number: 1,
        date: .today(),
        sections: Selection(topicOrder: config.topics).nextIssue(from: items, carried: [])
    )
    let renderer = BulletinRenderer(
        configuration: config,
        templates: try TemplateSet.load(from: config.templatesFolder)
    )
    let renderStart = Date()
    let rendered = renderer.render(bulletin)
    let renderTime = Date().timeIntervalSince(renderStart)
    let factory = try MessageFactory(configuration: config, kind: .issue, number: 1, rendered: rendered)

    var bytes = 0
    let start = Date()
    for index in 0..<count {
        let reader = Subscriber(email: "reader\(index)@example.org", name: "Reader Number \(index)")
        bytes += try factory.message(for: reader).count
    }
    let elapsed = Date().timeIntervalSince(start)
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    print(
        """
        rendered the bodies once in \(String(format: "%.1f", renderTime * 1000)) ms
        composed \(count) messages in \(String(format: "%.2f", elapsed)) s: \
        \(Int(Double(count) / elapsed)) messages/s, \
        \(String(format: "%.1f", elapsed / Double(count) * 1e6)) µs and \(bytes / max(count, 1)) bytes per message
        peak RSS \(usage.ru_maxrss / 1024) MB
        """
    )
} catch {
    FileHandle.standardError.write(Data("compose-benchmark: \(error)\n".utf8))
    exit(65)
}
