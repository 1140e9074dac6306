// Measures composing alone: one personalised RFC 5322 message per recipient, no network, no ledger.
//
// Usage: compose-benchmark CONFIG [COUNT] [--sections N] [--random-topics]   (COUNT defaults to 100,000)
// Renders the next issue of CONFIG's list once, then builds COUNT messages for synthetic recipients
// the way `newsletter send` does, and prints messages per second, bytes per message and peak RSS.
//
// With `--sections N`, the issue has N topic sections: the items' own, then copies of them under
// made-up topics until there are N. With `--random-topics`, every reader gets only their topics:
// each a random non-empty set of the sections, the same sets on every run. Their copies are numbered
// per distinct set, as the ledger numbers editions, and a reader whose set has no section is
// skipped, as a send skips them. Without it, every reader gets the whole issue.

import Composer
import Foundation
import ItemFormat
import NewsletterCore
import Settings

#if canImport(Glibc)
import Glibc
#endif

var arguments = Array(CommandLine.arguments.dropFirst())
var sectionCount = 0
if let flag = arguments.firstIndex(of: "--sections") {
    guard flag + 1 < arguments.count, let value = Int(arguments[flag + 1]), value > 0 else {
        FileHandle.standardError.write(Data("compose-benchmark: --sections needs a number of sections\n".utf8))
        exit(64)
    }
    sectionCount = value
    arguments.removeSubrange(flag...(flag + 1))
}
let randomTopics = arguments.contains("--random-topics")
arguments.removeAll { $0 == "--random-topics" }
guard !arguments.isEmpty else {
    FileHandle.standardError.write(
        Data("usage: compose-benchmark CONFIG [COUNT] [--sections N] [--random-topics]\n".utf8)
    )
    exit(64)
}
let count = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000

/// The issue's sections, made up to `wanted` by copies of the existing ones under new topics.
func sections(_ sections: [TopicSection], upTo wanted: Int) -> [TopicSection] {
    var result = sections
    var copy = 0
    while result.count < wanted, !sections.isEmpty {
        let original = sections[copy % sections.count]
        let topic = "Made-up topic \(result.count + 1)"
        let items = original.items.map { item -> Item in
            var item = item
            item.id += "-\(result.count)"
            item.topic = topic
            return item
        }
        result.append(TopicSection(topic: topic, items: items))
        copy += 1
    }
    return result
}

/// A small, fixed pseudo-random generator, so that every run gives the readers the same sets.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

do {
    let config = try Configuration.load(from: arguments[0])
    let items = try ItemLibrary.load(from: config.itemsFolder).validItems()
    var issueSections = Selection(topicOrder: config.topics).nextIssue(from: items, carried: [])
    if sectionCount > 0 { issueSections = sections(issueSections, upTo: sectionCount) }
    let bulletin = Bulletin(kind: .issue, number: 1, date: .today(), sections: issueSections)
    let renderer = BulletinRenderer(
        configuration: config,
        templates: try TemplateSet.load(from: config.templatesFolder)
    )
    let renderStart = Date()
    let rendered = renderer.render(bulletin)
    let renderTime = Date().timeIntervalSince(renderStart)

    // The readers' choices and their editions, as the ledger would record them.
    let headings = rendered.sections.map(\.topic)
    var generator = SplitMix(state: 2026)
    var chosen: [[Int]?] = []
    var editions: [Int: Set<Int>] = [:]
    var editionOfSet: [[Int]: Int] = [:]
    if randomTopics {
        chosen.reserveCapacity(count)
        for _ in 0..<count {
            var topics: [String] = []
            while topics.isEmpty {
                topics = headings.filter { _ in Bool.random(using: &generator) }
            }
            // nil: the whole issue; empty: nothing this time (skipped), as the ledger records them.
            switch Reader(email: "x@example.org", topics: topics, editionChoice: .topics).edition(among: headings) {
            case .whole: chosen.append(nil)
            case .sections(let sections): chosen.append(sections.sorted())
            case nil: chosen.append([])
            }
        }
    }
    let editionStart = Date()
    for set in chosen.compactMap({ $0 }) where !set.isEmpty && editionOfSet[set] == nil {
        editionOfSet[set] = editionOfSet.count + 1
        editions[editionOfSet.count] = Set(set)
    }
    let factory = try MessageFactory(
        configuration: config,
        kind: .issue,
        number: 1,
        rendered: rendered,
        editions: editions
    )
    let editionTime = Date().timeIntervalSince(editionStart)

    var bytes = 0
    var composed = 0
    var skipped = 0
    let start = Date()
    for index in 0..<count {
        let reader = Reader(email: "reader\(index)@example.org", name: "Reader Number \(index)")
        var edition: Int?
        if randomTopics, let set = chosen[index] {
            guard let number = editionOfSet[set] else {
                skipped += 1
                continue
            }
            edition = number
        }
        bytes += try factory.message(for: reader, editionNumber: edition).count
        composed += 1
    }
    let elapsed = Date().timeIntervalSince(start)
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    var lines = ["rendered the bodies once in \(String(format: "%.1f", renderTime * 1000)) ms"]
    if randomTopics {
        lines.append(
            "\(rendered.sections.count) sections; \(editions.count) distinct sets of them among the readers, "
                + "numbered and prepared in \(String(format: "%.1f", editionTime * 1000)) ms; "
                + "\(chosen.filter { $0 == nil }.count) readers chose every section (the whole issue), "
                + "\(skipped) chose none of them and are skipped"
        )
    }
    lines.append(
        "composed \(composed) messages in \(String(format: "%.2f", elapsed)) s: "
            + "\(Int(Double(composed) / elapsed)) messages/s, "
            + "\(String(format: "%.1f", elapsed / Double(max(composed, 1)) * 1e6)) µs and "
            + "\(bytes / max(composed, 1)) bytes per message"
    )
    lines.append("peak RSS \(usage.ru_maxrss / 1024) MB")
    print(lines.joined(separator: "\n"))
} catch {
    FileHandle.standardError.write(Data("compose-benchmark: \(error)\n".utf8))
    exit(65)
}
