import DKIM
import Foundation
import MIME
import Mustache
import NewsletterCore
import Settings
import TextBasics

/// The messages `serve` sends a reader by themselves: the sign-up's confirmation, "you are already
/// subscribed", and everything held about them. Text and HTML from `letter-KIND.txt.mustache` and
/// `letter-KIND.html.mustache` in the templates folder (checked with the others by ``TemplateSet``);
/// DKIM-signed like every message.
package struct ReaderLetterFactory: Sendable {
    private let configuration: Configuration
    private let templates: TemplateSet
    private let signer: DKIMSigner?

    /// The variables a letter template may use.
    package static let vocabulary: Set<String> = ["listName", "name", "email", "link", "consent", "data"]

    /// The templates every list that takes sign-ups needs, by name without `.mustache`.
    package static let templateNames = Letter.Kind.allCases.flatMap { kind in
        ["txt", "html"].map { "letter-\(kind.rawValue).\($0)" }
    }

    /// Loads and checks the templates of `configuration`'s templates folder; each letter's must be there.
    package init(configuration: Configuration) throws(NewsletterError) {
        self.configuration = configuration
        signer = configuration.dkim.isEmpty ? nil : DKIMSigner(keys: configuration.dkim)
        templates = try TemplateSet.load(from: configuration.templatesFolder)
        for name in Self.templateNames where !templates.has(name) {
            throw NewsletterError(
                .missingInput,
                "the template \(name).mustache is missing (the sign-up form mails it); copy it from the project's "
                    + "Templates folder",
                context: configuration.templatesFolder.path
            )
        }
    }

    /// The whole message of `letter`, signed; `data` is what the database holds, for a data letter.
    package func message(for letter: Letter, data: ReaderData, date: Date = Date()) throws(NewsletterError) -> [UInt8] {
        // A confirmation goes to an address nobody has vouched for yet: nothing the form's sender
        // typed reaches it (the name field is a known way to make a list mail someone's words).
        let name = letter.kind == .confirmation ? "" : data.registered?.name ?? data.listed?.name ?? ""
        let model: [String: Any] = [
            "listName": configuration.name,
            "name": name,
            "email": letter.email,
            "link": letter.link,
            "consent": configuration.subscribe?.consent ?? "",
            "data": letter.kind == .data ? ReaderDataReport.text(data) : "",
        ]
        let base = "letter-" + letter.kind.rawValue
        let text = templates.render(base + ".txt", model)
        let html = templates.render(base + ".html", model)
        let subject =
            switch letter.kind {
            case .confirmation: "Confirm your subscription to \(configuration.name)"
            case .alreadyActive: "You are already subscribed to \(configuration.name)"
            case .data: "Your data held by \(configuration.name)"
            }
        let domain = String(configuration.from.domain)
        do {
            let to = try Mailbox(displayName: name.isEmpty ? nil : name, address: letter.email, rules: .international)
            var headers = [
                try HeaderField("Date", RFC5322Date.string(from: date)),
                try HeaderField("From", configuration.from.headerValue),
                try HeaderField("To", to.headerValue),
                try HeaderField.unstructured("Subject", subject),
                try HeaderField(
                    "Message-ID",
                    MessageTemplate.messageID(
                        kind: base,
                        number: Int(letter.id),
                        recipient: letter.email,
                        domain: domain
                    )
                ),
                try HeaderField("Auto-Submitted", "auto-generated"),
            ]
            if let replyTo = configuration.replyTo { headers.append(try HeaderField("Reply-To", replyTo.headerValue)) }
            let template = try MessageTemplate(
                commonHeaders: headers,
                text: PersonalizedBody(.literal(text)),
                html: PersonalizedBody(.literal(html)),
                boundary: MessageTemplate.boundary(seed: "\(base)-\(letter.id)")
            )
            let message = template.render(headers: [], textValues: [], htmlValues: [])
            guard let signer else { return message }
            return try signer.sign(message, at: date)
        } catch let error as DKIMSigningError {
            throw NewsletterError(.badConfiguration, error.description, context: configuration.file.path)
        } catch {
            throw NewsletterError(.badData, "cannot address a message to it: \(error)", context: letter.email)
        }
    }
}

/// Everything held about a reader, as plain text: their data letter and `subscribers show`.
package enum ReaderDataReport {
    package static func text(_ data: ReaderData) -> String {
        var lines = ["Address: \(data.email)"]
        if let listed = data.listed {
            lines.append(
                "On the subscriber list kept by the editors: name \"\(listed.name)\", topics: "
                    + (listed.topics.isEmpty ? "every topic" : listed.topics.joined(separator: "; "))
                    + ", weekly issue: " + choiceText(listed.editionChoice)
            )
        }
        if let reader = data.registered {
            lines.append("Name: \(reader.name.isEmpty ? "(none)" : reader.name)")
            lines.append(
                "Topics: "
                    + (reader.topics.map { $0.isEmpty ? "every topic" : $0.joined(separator: "; ") } ?? "every topic")
            )
            if let choice = reader.editionChoice { lines.append("Weekly issue: \(choiceText(choice))") }
            lines.append("State: \(reader.state.rawValue)")
            switch reader.origin {
            case .form:
                lines.append("Asked to join: \(reader.askedAt), through the form at \(reader.form ?? "-")")
                lines.append("Confirmed: \(reader.confirmedAt ?? "not yet")")
                lines.append("Consent shown: \"\(reader.consent ?? "")\"")
                if let client = reader.clientAddress { lines.append("Client address: \(client)") }
            case .editor:
                lines.append("Added by an editor: \(reader.confirmedAt ?? reader.askedAt)")
            }
        }
        if let suppression = data.suppression {
            lines.append("Gets no mail since \(suppression.since): \(suppression.kind) (\(suppression.reason))")
        }
        lines.append("Mailings sent: \(data.deliveries.count)")
        for delivery in data.deliveries {
            lines.append("  \(delivery.mailing): \(delivery.state)\(delivery.at.map { " at \($0)" } ?? "")")
        }
        return lines.joined(separator: "\n")
    }

    private static func choiceText(_ choice: EditionChoice) -> String {
        switch choice {
        case .whole: "the whole issue"
        case .topics: "only the sections of those topics"
        }
    }
}
