import Foundation
import NewsletterCore
import TextBasics

/// Reads an archived bulletin in the plain-text layout of a web page copied as text.
///
/// The layout: a topic line, sometimes a title line and a one-line standfirst; `Source:` and `Date:`
/// lines; summary paragraphs; `•` bullets; link lines (`Read the report: TITLE`, `Download the
/// briefing`); `See also on SITE` followed by titles; events with a date and time line; noise lines
/// left from the page (`image representing news article`, a lone `News`) between items.
package struct BulletinParser: Sendable {
    /// The file as messages name it.
    package var displayPath: String

    /// Creates a parser for the file shown as `displayPath`.
    package init(displayPath: String) {
        self.displayPath = displayPath
    }

    /// The largest file read (a bulletin is a few dozen kilobytes).
    package static let maximumSize = 8 << 20

    /// Every item of the bulletin in `data`, in order, or the first place where reading stopped.
    package func parse(_ data: Data) -> Result<[ArchivedItem], NewsletterError> {
        guard data.count <= Self.maximumSize else {
            return .failure(problem(nil, "is larger than 8 MB; it is not an archived bulletin"))
        }
        guard var text = String(validating: data, as: UTF8.self) else {
            return .failure(
                problem(
                    YAMLText.lineOfFirstInvalidUTF8(in: data),
                    "is not valid UTF-8 text; save the bulletin as UTF-8"
                )
            )
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines: [BulletinLine] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let scalar = raw.unicodeScalars.first(where: { $0.properties.generalCategory == .control && $0 != "\t" })
            {
                return .failure(
                    problem(
                        offset + 1,
                        "contains a control character (\(scalar.codePoint)); an "
                            + "archived bulletin is plain text"
                    )
                )
            }
            let clean = ArchivedText.removingFootnoteMarks(raw.collapsingWhitespace())
            lines.append(BulletinLine(number: offset + 1, kind: BulletinLine.kind(of: clean)))
        }
        if let first = lines.first(where: { $0.kind != .blank }), first.kind == .text("---") {
            return .failure(problem(first.number, "starts with '---': this is an item file, not an archived bulletin"))
        }
        Self.markSeeAlsoTitles(&lines)

        var drafts: [Draft] = []
        for chunk in Self.chunks(of: lines) {
            switch items(in: chunk) {
            case .success(let found): drafts += found
            case .failure(let diagnostic): return .failure(diagnostic)
            }
        }
        guard !drafts.isEmpty else {
            let line = lines.first(where: { $0.kind != .blank && $0.kind != .noise })?.number ?? 1
            return .failure(
                problem(line, "no item found: an item starts with a topic line followed by 'Source:' and 'Date:' lines")
            )
        }
        let newest = drafts.compactMap(\.date).max()
        var items: [ArchivedItem] = []
        for draft in drafts {
            guard let date = draft.date ?? newest else {
                return .failure(
                    problem(
                        draft.line,
                        "no date for this item and none elsewhere in the file; add a 'Date: 24 June 2024' line"
                    )
                )
            }
            var item = draft.item
            item.date = date
            if draft.date == nil { item.dateNote = "the archive gives no date; the bulletin's newest date was used" }
            items.append(item)
        }
        return .success(items)
    }

    // MARK: - Steps

    /// An item being read, and its date when the bulletin gave one.
    private struct Draft {
        var item: ArchivedItem
        var date: Day?
        var line: Int
    }

    private func problem(_ line: Int?, _ message: String) -> NewsletterError {
        NewsletterError(.badData, message, context: line.map { "\(displayPath):\($0)" } ?? displayPath)
    }

    /// Turns the text lines right after each `See also` line into related pages' titles.
    private static func markSeeAlsoTitles(_ lines: inout [BulletinLine]) {
        var index = 0
        while index < lines.count {
            defer { index += 1 }
            guard lines[index].kind == .seeAlsoHeader else { continue }
            var next = index + 1
            while next < lines.count, lines[next].kind == .blank { next += 1 }
            while next < lines.count, case .text(let title) = lines[next].kind {
                lines[next].kind = .seeAlsoTitle(title)
                next += 1
            }
        }
    }

    /// The lines between noise lines, blank lines at either end dropped.
    private static func chunks(of lines: [BulletinLine]) -> [[BulletinLine]] {
        var chunks: [[BulletinLine]] = [[]]
        for line in lines {
            if line.kind == .noise { chunks.append([]) } else { chunks[chunks.count - 1].append(line) }
        }
        return chunks.compactMap { chunk in
            guard let first = chunk.firstIndex(where: { $0.kind != .blank }),
                let last = chunk.lastIndex(where: { $0.kind != .blank })
            else { return nil }
            return Array(chunk[first...last])
        }
    }

    /// Where each item of `chunk` starts (index of its first heading line) and how many heading lines it has.
    private static func starts(in chunk: [BulletinLine]) -> [(index: Int, headings: [Int])] {
        let content = chunk.indices.filter { chunk[$0].kind != .blank }
        var starts: [(index: Int, headings: [Int])] = []
        var claimed = -1
        for (position, index) in content.enumerated() {
            switch chunk[index].kind {
            case .source, .date: break
            default: continue
            }
            var group: [Int] = []
            var back = position - 1
            while back >= 0, chunk[content[back]].isHeading, group.count < 3, content[back] > claimed {
                group.insert(content[back], at: 0)
                back -= 1
            }
            guard let first = group.first else { continue }
            starts.append((first, group))
            claimed = index
        }
        if let first = content.first, chunk[first].isHeading, starts.first?.index != first {
            var group: [Int] = []
            for index in content where group.count < 3 {
                guard chunk[index].isHeading, index < (starts.first?.index ?? Int.max) else { break }
                group.append(index)
            }
            starts.insert((first, group), at: 0)
        }
        return starts
    }

    /// The items of one chunk, or where reading stopped.
    private func items(in chunk: [BulletinLine]) -> Result<[Draft], NewsletterError> {
        let starts = Self.starts(in: chunk)
        let firstStart = starts.first?.index ?? chunk.count
        if let stray = chunk[..<firstStart].first(where: { $0.kind != .blank }) {
            return .failure(problem(stray.number, "expected a topic line (a short heading) before this line"))
        }
        var drafts: [Draft] = []
        for (position, start) in starts.enumerated() {
            let end = position + 1 < starts.count ? starts[position + 1].index : chunk.count
            switch item(headings: start.headings.map { chunk[$0] }, body: chunk[(start.headings.last! + 1)..<end]) {
            case .success(let draft?): drafts.append(draft)
            case .success(nil): continue  // an introduction to a group of items, not an item
            case .failure(let diagnostic): return .failure(diagnostic)
            }
        }
        return .success(drafts)
    }

    /// One item from its heading lines and the lines after them; `nil` for a section's introduction
    /// (text without a source, a date, an event time or a link).
    private func item(headings lines: [BulletinLine], body: ArraySlice<BulletinLine>) -> Result<Draft?, NewsletterError>
    {
        var headings: [String] = []
        for line in lines {
            guard case .text(let text) = line.kind else { continue }
            if ArchivedText.skeleton(text) != headings.last.map(ArchivedText.skeleton) { headings.append(text) }
        }
        var source: String?
        var date: (day: Day, exact: Bool)?
        var isEvent = false
        var links: [ArchivedItem.Link] = []
        var pendingLinks: [(label: String, title: String?)] = []
        var seeAlso: [String] = []
        var blocks: [[String]] = []
        var current: [String] = []
        var inList = false
        func flush() {
            if !current.isEmpty { blocks.append(current) }
            current = []
            inList = false
        }

        var standfirst: String?
        var topic = headings[0]
        var title: String?
        switch headings.count {
        case 1: break
        case 2 where headings[0].contains(": ") || headings[0].count > 70:
            title = headings[0]
            topic = String(headings[0].prefix(while: { $0 != ":" }))
            standfirst = headings[1]
        default:
            title = headings[1]
            standfirst = headings.count > 2 ? headings[2] : nil
        }
        if let standfirst { blocks.append([standfirst]) }

        for line in body {
            switch line.kind {
            case .blank, .noise:
                flush()
            case .source(let value):
                guard !value.isEmpty else { return .failure(problem(line.number, "'Source:' has no name after it")) }
                source = source ?? value
            case .date(let value):
                guard let parsed = ArchivedText.day(from: value) else {
                    return .failure(problem(line.number, "'\(value)' is not a date; write it as 24 June 2024"))
                }
                if date == nil { date = parsed }
            case .event(let text):
                isEvent = true
                if date == nil, let parsed = ArchivedText.day(from: text) { date = parsed }
                flush()
                blocks.append([text])
            case .link(let label, let linkTitle):
                pendingLinks.append((label, linkTitle))
            case .seeAlsoHeader:
                flush()
            case .seeAlsoTitle(let text):
                seeAlso.append(text)
            case .bullet(let text):
                if !inList { flush() }
                inList = true
                current.append("- " + text)
            case .text(let text):
                let repeatsTitle = [title, topic].contains {
                    $0.map(ArchivedText.skeleton) == ArchivedText.skeleton(text)
                }
                if repeatsTitle { continue }
                if inList { flush() }
                current.append(text)
            }
        }
        flush()
        guard source != nil || date != nil || isEvent || !pendingLinks.isEmpty else { return .success(nil) }

        if title == nil {
            if let linkTitle = pendingLinks.first?.title {
                title = linkTitle
            } else {
                title = headings[0]
                topic = isEvent ? "Events" : String(headings[0].prefix(while: { $0 != ":" }))
            }
        }
        let finalTitle = title ?? topic
        for link in pendingLinks {
            links.append(ArchivedItem.Link(label: link.label, title: link.title ?? finalTitle))
        }
        var summary = blocks.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
        if summary.isEmpty { summary = finalTitle }
        let item = ArchivedItem(
            topic: topic.trimmingCharacters(in: .whitespaces),
            title: finalTitle,
            source: source,
            date: date?.day ?? Day(year: 1970, month: 1, day: 1),
            dateNote: date.flatMap { $0.exact ? nil : "the archive gives only the month; check the day" },
            links: links,
            seeAlso: seeAlso,
            summary: summary,
            line: lines[0].number
        )
        return .success(Draft(item: item, date: date?.day, line: lines[0].number))
    }

}
