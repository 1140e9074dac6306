import Foundation
import Markdown
import Mustache
import NewsletterCore
import Settings
import TextBasics

/// Renders a ``Bulletin`` into a subject, a plain-text body and an HTML body.
///
/// Summaries are Markdown: the text body gets them as wrapped plain text, the HTML body as escaped,
/// safe HTML. The text body is wrapped at 72 columns (URLs are never broken) after rendering, so a
/// template need not care about line lengths.
package struct BulletinRenderer: Sendable {
    /// The width of the text body.
    package static let textWidth = 72

    /// The settings the bodies use (name, subject, archive and unsubscribe links).
    package var configuration: Configuration
    /// The body templates.
    package var templates: TemplateSet

    /// A renderer for `configuration`'s list with `templates`.
    package init(configuration: Configuration, templates: TemplateSet) {
        self.configuration = configuration
        self.templates = templates
    }

    /// Renders the subject and both bodies of `bulletin`, once for every copy: each topic section,
    /// and what only a reader of their own topics (or only a whole-issue reader) gets, is enclosed
    /// in ``EditionCondition`` markers, and the message template leaves out per copy what it does not carry.
    /// No value carries a marker of its own (``Bulletin/withoutRendererMarkers()``).
    package func render(_ bulletin: Bulletin) -> RenderedBulletin {
        let bulletin = bulletin.withoutRendererMarkers()
        let subject = StoredText.withoutRendererMarkers(subject(for: bulletin))
        let text = Self.tidyText(
            Self.foldingMarkerLines(
                templates.render(TemplateSet.textBody, model(bulletin, subject: subject, html: false))
            )
        )
        let html = Self.tidyHTML(
            Self.foldingMarkerLines(
                templates.render(TemplateSet.htmlBody, model(bulletin, subject: subject, html: true))
            )
        )
        let sections =
            Self.marksSections(of: bulletin)
            ? bulletin.sections.map { RenderedSection(topic: $0.topic, itemCount: $0.items.count) } : []
        return RenderedBulletin(subject: subject, text: text, html: html, sections: sections)
    }

    /// The subject line: the config's `subject` template for an issue, "NAME · Alert: TOPIC · DATE" for an alert.
    package func subject(for bulletin: Bulletin) -> String {
        switch bulletin.kind {
        case .issue:
            let template = (try? MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + configuration.subject))
            let values: [String: Any] = [
                "name": configuration.name, "number": bulletin.number, "date": bulletin.date.long,
            ]
            return template?.render(values).trimmingCharacters(in: .whitespaces) ?? configuration.name
        case .alert:
            return "\(configuration.name) · Alert: \(bulletin.topic ?? "") · \(bulletin.date.long)"
        }
    }

    /// The web archive address of issue `number`.
    package func archiveURL(number: Int) -> String {
        if let archive = configuration.archive { return archive.url + "\(number).html" }
        return configuration.archiveURL.replacingEvery("{{number}}", with: String(number))
    }

    /// The "Read it on the web" address of `bulletin`: its archive page, or for an alert (which has
    /// no page of its own) the archive's index when the list has an `archive`.
    package func webAddress(of bulletin: Bulletin) -> String {
        if bulletin.kind == .alert, let archive = configuration.archive { return archive.url + "index.html" }
        return archiveURL(number: bulletin.number)
    }

    // MARK: - The model

    /// Whether `bulletin`'s sections get markers: there are characters for ``EditionCondition/maximumSections``
    /// of them; past that, every reader gets the whole issue.
    private static func marksSections(of bulletin: Bulletin) -> Bool {
        bulletin.sections.count <= EditionCondition.maximumSections
    }

    private func model(_ bulletin: Bulletin, subject: String, html: Bool) -> [String: Any] {
        let items = bulletin.items
        let titles = items.prefix(3).map(\.title).joined(separator: " · ")
        let marksSections = Self.marksSections(of: bulletin)
        let sections: [[String: Any]] = bulletin.sections.enumerated().map { index, section in
            [
                "topic": section.topic,
                "anchor": "topic-" + Self.slug(section.topic),
                "items": section.items.map { itemModel($0, html: html) },
                TemplateSet.MarkerVariable.sectionBegin: marksSections
                    ? EditionCondition.section(index).beginMarker : "",
            ]
        }
        /// `whole` in a whole copy, the recipient field `personal` in a copy of only the reader's topics.
        func perCopy(_ whole: String, _ personal: RecipientField) -> String {
            EditionCondition.whole.beginMarker + whole + EditionCondition.endMarker
                + EditionCondition.personal.beginMarker + personal.placeholder + EditionCondition.endMarker
        }
        let preheader = "\(items.count) new item\(items.count == 1 ? "" : "s"): \(titles)"
        return [
            "personal": true,
            "personalTopics": RecipientField.personalTopics.placeholder,
            TemplateSet.MarkerVariable.sectionEnd: marksSections ? EditionCondition.endMarker : "",
            TemplateSet.MarkerVariable.personalBegin: EditionCondition.personal.beginMarker,
            TemplateSet.MarkerVariable.wholeBegin: EditionCondition.whole.beginMarker,
            TemplateSet.MarkerVariable.end: EditionCondition.endMarker,
            "name": configuration.name,
            "number": bulletin.number,
            "date": bulletin.date.long,
            "isoDate": bulletin.date.iso,
            "subject": subject,
            "preheader": perCopy(preheader, .personalPreheader),
            "isIssue": bulletin.kind == .issue,
            "isAlert": bulletin.kind == .alert,
            "alertTopic": bulletin.topic ?? "",
            "itemCount": perCopy(String(items.count), .personalItemCount),
            "sections": sections,
            "archiveURL": webAddress(of: bulletin),
            "unsubscribeMailto": configuration.unsubscribe.mailto,
            "listAddress": configuration.from.address,
            "email": RecipientField.email.placeholder,
            "recipientName": RecipientField.name.placeholder,
            "unsubscribeURL": RecipientField.unsubscribeURL.placeholder,
            "manageURL": RecipientField.manageURL.placeholder,
            "hasManagePage": configuration.subscribe != nil && configuration.unsubscribe.isSigned,
        ]
    }

    private func itemModel(_ item: Item, html: Bool) -> [String: Any] {
        let document = MarkdownDocument(parsing: item.summary)
        // Markdown decodes character references (`&#xE000;`): the markers are taken out of what it
        // rendered, not only of what it read.
        let clean = StoredText.withoutRendererMarkers
        let text = html ? "" : clean(document.plainText(width: Self.textWidth))
        var model: [String: Any] = [
            "id": item.id,
            "anchor": "item-" + item.id,
            "topic": item.topic,
            "title": item.title,
            "date": item.date.long,
            "isoDate": item.date.iso,
            // Inline-styled, as templates written before the lean ones expect it.
            "summary": html ? clean(document.html()) : text,
            // Bare tags that the template's `<style>` block styles: far fewer bytes per item.
            "leanSummary": html ? clean(document.html(style: .unstyled)) : text,
            "links": item.links.map { ["label": $0.label, "title": $0.title, "url": $0.url] },
            "hasLinks": !item.links.isEmpty,
            "seeAlso": item.seeAlso.map { ["title": $0.title, "url": $0.url] },
            "hasSeeAlso": !item.seeAlso.isEmpty,
        ]
        // Absent rather than empty, so that `{{#source}}…{{/source}}` is skipped.
        if let source = item.source { model["source"] = source }
        return model
    }

    /// A lower-case ASCII anchor name: "Children’s residential care" becomes "children-s-residential-care".
    static func slug(_ text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.hasSuffix("-") && !slug.isEmpty {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "topic" : slug
    }

    // MARK: - Tidying

    /// Drops each line that holds nothing but ``EditionCondition`` markers (and spaces): the line of a
    /// section tag that stood alone, which Mustache would have dropped. Its markers move to the start
    /// of the next line, where they take no room.
    static func foldingMarkerLines(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var carried = ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        let endsWithBreak = lines.last?.isEmpty == true
        if endsWithBreak { lines = lines.dropLast() }
        for (number, line) in lines.enumerated() {
            let isLast = number == lines.count - 1
            let found = markers(in: line)
            if !found.isEmpty,
                line.unicodeScalars.allSatisfy({ EditionCondition.isMarker($0) || $0 == " " || $0 == "\t" })
            {
                carried += found
                continue
            }
            output += carried
            output += line
            carried = ""
            if !isLast || endsWithBreak { output += "\n" }
        }
        return output + carried
    }

    /// `line` split into the markers it starts with and the rest.
    private static func leadingMarkers(of line: Substring) -> (markers: Substring, rest: Substring) {
        let end = line.unicodeScalars.firstIndex { !EditionCondition.isMarker($0) } ?? line.endIndex
        return (line[..<end], line[end...])
    }

    /// The ``EditionCondition`` markers of `line`, in order.
    private static func markers(in line: some StringProtocol) -> String {
        String(String.UnicodeScalarView(line.unicodeScalars.filter(EditionCondition.isMarker)))
    }

    /// `line` without its ``EditionCondition`` markers: what a reader sees of it.
    private static func visible(_ line: some StringProtocol) -> String {
        String(String.UnicodeScalarView(line.unicodeScalars.filter { !EditionCondition.isMarker($0) }))
    }

    /// Wraps long lines at ``textWidth`` (continuation lines keep the line's indent), drops trailing
    /// spaces, and keeps at most one blank line in a row. Markers take no room; the markers of a
    /// line dropped move to the next one kept.
    static func tidyText(_ text: String) -> String {
        var output: [String] = []
        var carried = ""
        func isBlank(_ line: String) -> Bool { visible(line).isEmpty }
        for rawLine in text.replacingEvery("\r\n", with: "\n").split(
            separator: "\n",
            omittingEmptySubsequences: false
        ) {
            let (markers, rest) = leadingMarkers(of: rawLine)
            let lead = carried + markers
            carried = ""
            var line = String(rest)
            while line.last == " " || line.last == "\t" { line.removeLast() }
            if visible(line).allSatisfy({ $0 == " " || $0 == "\t" }) {
                let kept = lead + Self.markers(in: line)
                if output.last.map(isBlank) ?? true {
                    carried = kept
                } else {
                    output.append(kept)
                }
                continue
            }
            if TextWrapper.displayWidth(visible(line)) <= textWidth {
                output.append(lead + line)
                continue
            }
            let indent = String(line.prefix(while: { $0 == " " }))
            var hanging = indent
            let body = line.dropFirst(indent.count)
            for bullet in ["• ", "- ", "* "] where body.hasPrefix(bullet) {
                hanging = indent + String(repeating: " ", count: bullet.count)
            }
            output.append(lead + TextWrapper.wrap(String(body), width: textWidth, firstIndent: indent, indent: hanging))
        }
        while let last = output.last, isBlank(last) {
            carried = last + carried
            output.removeLast()
        }
        return output.joined(separator: "\n") + "\n" + carried
    }

    /// Drops the indentation and blank lines of the HTML template: bytes count against Gmail's
    /// clipping limit. The markers of a line dropped move to the next one kept.
    static func tidyHTML(_ html: String) -> String {
        var output: [String] = []
        var carried = ""
        for rawLine in html.split(separator: "\n", omittingEmptySubsequences: false) {
            let (markers, rest) = leadingMarkers(of: rawLine)
            let trimmed = rest.trimmingASCIIWhitespace()
            if visible(trimmed).isEmpty {
                carried += String(markers) + trimmed
                continue
            }
            output.append(carried + String(markers) + trimmed)
            carried = ""
        }
        return output.joined(separator: "\n") + "\n" + carried
    }
}
