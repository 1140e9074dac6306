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

    /// Renders the subject and both bodies of `bulletin`.
    package func render(_ bulletin: Bulletin) -> RenderedBulletin {
        let subject = subject(for: bulletin)
        let text = Self.tidyText(templates.render(TemplateSet.textBody, model(bulletin, subject: subject, html: false)))
        let html = Self.tidyHTML(templates.render(TemplateSet.htmlBody, model(bulletin, subject: subject, html: true)))
        return RenderedBulletin(subject: subject, text: text, html: html)
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

    private func model(_ bulletin: Bulletin, subject: String, html: Bool) -> [String: Any] {
        let items = bulletin.items
        let titles = items.prefix(3).map(\.title).joined(separator: " · ")
        let sections: [[String: Any]] = bulletin.sections.map { section in
            [
                "topic": section.topic,
                "anchor": "topic-" + Self.slug(section.topic),
                "items": section.items.map { itemModel($0, html: html) },
            ]
        }
        return [
            "name": configuration.name,
            "number": bulletin.number,
            "date": bulletin.date.long,
            "isoDate": bulletin.date.iso,
            "subject": subject,
            "preheader": "\(items.count) new item\(items.count == 1 ? "" : "s"): \(titles)",
            "isIssue": bulletin.kind == .issue,
            "isAlert": bulletin.kind == .alert,
            "alertTopic": bulletin.topic ?? "",
            "itemCount": items.count,
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
        let text = html ? "" : document.plainText(width: Self.textWidth)
        var model: [String: Any] = [
            "id": item.id,
            "anchor": "item-" + item.id,
            "topic": item.topic,
            "title": item.title,
            "date": item.date.long,
            "isoDate": item.date.iso,
            // Inline-styled, as templates written before the lean ones expect it.
            "summary": html ? document.html() : text,
            // Bare tags that the template's `<style>` block styles: far fewer bytes per item.
            "leanSummary": html ? document.html(style: .unstyled) : text,
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

    /// Wraps long lines at ``textWidth`` (continuation lines keep the line's indent), drops trailing
    /// spaces, and keeps at most one blank line in a row.
    static func tidyText(_ text: String) -> String {
        var output: [String] = []
        for rawLine in text.replacingEvery("\r\n", with: "\n").split(
            separator: "\n",
            omittingEmptySubsequences: false
        ) {
            var line = String(rawLine)
            while line.last == " " || line.last == "\t" { line.removeLast() }
            if line.isEmpty {
                if output.last?.isEmpty == false { output.append("") }
                continue
            }
            if TextWrapper.displayWidth(line) <= textWidth {
                output.append(line)
                continue
            }
            let indent = String(line.prefix(while: { $0 == " " }))
            var hanging = indent
            let body = line.dropFirst(indent.count)
            for bullet in ["• ", "- ", "* "] where body.hasPrefix(bullet) {
                hanging = indent + String(repeating: " ", count: bullet.count)
            }
            output.append(TextWrapper.wrap(String(body), width: textWidth, firstIndent: indent, indent: hanging))
        }
        while output.first?.isEmpty == true { output.removeFirst() }
        while output.last?.isEmpty == true { output.removeLast() }
        return output.joined(separator: "\n") + "\n"
    }

    /// Drops the indentation and blank lines of the HTML template: bytes count against Gmail's clipping limit.
    static func tidyHTML(_ html: String) -> String {
        html.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingASCIIWhitespace() }
            .filter { !$0.isEmpty }
            .joined(separator: "\n") + "\n"
    }
}
