import DKIM
import Foundation
import MIME
import NewsletterCore
import Settings
import Signing
import TextBasics

/// Makes the RFC 5322 message each recipient of one mailing receives.
///
/// Everything that is the same for every recipient (the common headers, both quoted-printable
/// bodies) is prepared once in `init`; ``message(for:edition:)`` only formats the recipient's headers and
/// fills the holes of the bodies, so a send stays cheap per message.
package struct MessageFactory: Sendable {
    /// The list's settings.
    package let configuration: Configuration
    /// Issue or alert.
    package let kind: Bulletin.Kind
    /// Its number.
    package let number: Int
    private let template: MessageTemplate
    private let domain: String
    private let unsubscribeMailto: String
    /// The config's unsubscribe URL split at each `{{email}}`, so each copy only joins the parts.
    private let unsubscribeParts: [String]
    /// Signs each finished copy when the config has DKIM keys.
    let signer: DKIMSigner?
    /// With an unsubscribe secret: the keys that sign each reader's token, and the constant parts
    /// of the signed links (see ``SignedUnsubscribe``).
    private let signed: SignedUnsubscribe?
    /// `subscribe.url` + "/manage/", for a list that takes sign-ups: each reader's page is this plus
    /// their ``ManageToken``.
    private let manageBase: String?
    /// The mailing's topic sections, which a copy of only the reader's topics picks from.
    private let sections: [RenderedSection]
    /// The copies the ledger recorded for readers of only their topics, by edition number, with
    /// the values of their ``RecipientField/personalTopics``-and-after holes (made once per edition).
    private let editions: [Int: EditionValues]
    /// The whole issue's ``EditionValues``.
    private let wholeEdition: EditionValues

    /// Prepares the messages of mailing `kind` `number` with the `rendered` subject and bodies, dated
    /// `date`. `editions` are the copies of only some topic sections that the ledger recorded for the
    /// mailing (``Ledger/editions(of:)``): edition number to section numbers.
    package init(
        configuration: Configuration,
        kind: Bulletin.Kind,
        number: Int,
        rendered: RenderedBulletin,
        editions: [Int: Set<Int>] = [:],
        date: Date = Date()
    ) throws(NewsletterError) {
        self.configuration = configuration
        self.kind = kind
        self.number = number
        sections = rendered.sections
        self.editions = editions.mapValues { chosen in EditionValues(.sections(chosen), sections: rendered.sections) }
        wholeEdition = EditionValues(.whole, sections: rendered.sections)
        domain = String(configuration.from.domain)
        unsubscribeMailto = "mailto:\(configuration.unsubscribe.mailto)?subject=unsubscribe"
        unsubscribeParts = configuration.unsubscribe.url.components(separatedBy: "{{email}}")
        signer = configuration.dkim.isEmpty ? nil : DKIMSigner(keys: configuration.dkim)
        signed = try configuration.signingKeys().map { SignedUnsubscribe(configuration.unsubscribe, keys: $0) }
        manageBase = configuration.subscribe.map { ($0.url.hasSuffix("/") ? $0.url : $0.url + "/") + "manage/" }
        var headers: [HeaderField] = []
        do {
            headers.append(try HeaderField("Date", RFC5322Date.string(from: date)))
            headers.append(try HeaderField("From", configuration.from.headerValue))
            if let replyTo = configuration.replyTo {
                headers.append(try HeaderField("Reply-To", replyTo.headerValue))
            }
            headers.append(try HeaderField.unstructured("Subject", rendered.subject))
            headers.append(try HeaderField("List-Id", Self.listID(name: configuration.name, domain: domain)))
            headers.append(try HeaderField("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
            template = try MessageTemplate(
                commonHeaders: headers,
                text: PersonalizedBody(rendered: rendered.text),
                html: PersonalizedBody(rendered: rendered.html),
                boundary: MessageTemplate.boundary(seed: "\(kind.rawValue)-\(number)-\(rendered.subject)")
            )
        } catch {
            throw NewsletterError(
                .badConfiguration,
                "cannot form the message headers: \(error)",
                context: configuration.file.path
            )
        }
    }

    /// The whole message `reader` receives in edition `edition` of the mailing (`nil`: the whole
    /// issue), CRLF throughout.
    package func message(for reader: Reader, editionNumber: Int?) throws(NewsletterError) -> [UInt8] {
        guard let editionNumber, let recorded = editions[editionNumber] else {
            return try message(for: reader, values: wholeEdition)
        }
        return try message(for: reader, values: recorded)
    }

    /// The whole message `reader` receives in `edition`, CRLF throughout.
    ///
    /// Fails with `.badData` when the address or name cannot go into a header.
    package func message(for reader: Reader, edition: Edition = .whole) throws(NewsletterError) -> [UInt8] {
        try message(for: reader, values: edition == .whole ? wholeEdition : EditionValues(edition, sections: sections))
    }

    /// What one edition of the mailing needs, made once per edition: the values of its own holes, as text
    /// and HTML-escaped, and which of the bodies' conditions it holds.
    struct EditionValues {
        let text: [String]
        let html: [String]
        let conditions: [Bool]

        init(_ edition: Edition, sections: [RenderedSection]) {
            text = MessageFactory.editionValues(edition, sections: sections)
            html = text.map(HTMLText.escape)
            conditions = edition.conditions(sections: sections.count)
        }
    }

    private func message(for reader: Reader, values editionValues: EditionValues) throws(NewsletterError) -> [UInt8] {
        let token = signed.map { ReaderToken.make(for: reader.key, keys: $0.keys) }
        let unsubscribe = token.map { signed!.url(token: $0) } ?? unsubscribeURL(for: reader.email)
        let mailto = token.map { signed!.mailto(token: $0) } ?? unsubscribeMailto
        let headers: [HeaderField]
        do {
            let to = try Mailbox(
                displayName: reader.name.isEmpty ? nil : reader.name,
                address: reader.email,
                rules: .international
            )
            headers = [
                try HeaderField("To", to.headerValue),
                try HeaderField("Message-ID", messageID(for: reader)),
                try HeaderField("List-Unsubscribe", "<\(unsubscribe)>, <\(mailto)>"),
            ]
        } catch {
            throw NewsletterError(
                .badData,
                "cannot address a message to it: \(error)",
                context: ASCII.quotedForMessage(reader.email)
            )
        }
        let readerValues = [reader.email, reader.name, unsubscribe, manageURL(for: reader)]
        return try signed(
            template.render(
                headers: headers,
                textValues: readerValues + editionValues.text,
                htmlValues: readerValues.map(HTMLText.escape) + editionValues.html,
                holding: editionValues.conditions
            )
        )
    }

    /// A rendered body as `reader` gets it in `edition`, with their values in its holes
    /// (HTML-escaped when `html`), for previews.
    package func personalize(
        _ body: String,
        for reader: Reader,
        edition: Edition = .whole,
        html: Bool
    ) -> String {
        let values =
            [reader.email, reader.name, unsubscribeURL(for: reader), manageURL(for: reader)]
            + Self.editionValues(edition, sections: sections)
        return PersonalizedBody(rendered: body).selecting(edition).segments.map { segment in
            switch segment {
            case .literal(let text): text
            case .slot(let index): index < values.count ? (html ? HTMLText.escape(values[index]) : values[index]) : ""
            case .begin, .end: ""
            }
        }.joined()
    }

    /// The values of the holes from ``RecipientField/personalTopics`` on, for `edition`: its topics
    /// ("Online safety and Early years"), its preheader and its number of items; empty for the whole issue.
    static func editionValues(_ edition: Edition, sections: [RenderedSection]) -> [String] {
        guard case .sections(let chosen) = edition else { return ["", "", ""] }
        let picked = sections.enumerated().filter { chosen.contains($0.offset) }.map(\.element)
        let topics = Self.phrase(picked.map(\.topic))
        let count = picked.reduce(0) { $0 + $1.itemCount }
        return [topics, "\(count) new item\(count == 1 ? "" : "s") in \(topics)", String(count)]
    }

    /// "A", "A and B", "A, B and C".
    static func phrase(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
    }

    /// The `Message-ID` of `reader`'s copy: stable, so a copy sent again after a crash carries the same one.
    ///
    /// With a secret, its tag is keyed (``SigningKeys/Purpose/messageID``): a bounce or complaint that
    /// quotes it proves it answers this copy, which nobody without the secret could have written.
    package func messageID(for reader: Reader) -> String {
        guard let keys = signed?.keys else {
            return MessageTemplate.messageID(
                kind: kind.rawValue,
                number: number,
                recipient: reader.email,
                domain: domain
            )
        }
        let signature = keys.signature(of: Self.messageIDSigned(kind, number, reader.key), for: .messageID)
        return MessageTemplate.messageID(
            kind: kind.rawValue,
            number: number,
            tag: Hex.lowercase(signature.prefix(Self.messageIDTagLength)),
            domain: domain
        )
    }

    /// What a keyed Message-ID's tag signs: the mailing and the address.
    private static func messageIDSigned(_ kind: Bulletin.Kind, _ number: Int, _ emailKey: String) -> [UInt8] {
        Array("\(kind.rawValue)-\(number)/\(emailKey)".utf8)
    }

    /// Whether `quoted` (a Message-ID a report quotes, with or without its angle brackets) is the
    /// keyed Message-ID of the copy of mailing `kind` `number` sent to `emailKey`, under the current
    /// or the previous secret: what the ledger need not keep, since the list can tell its own.
    package static func isMessageID(
        _ quoted: String,
        of kind: Bulletin.Kind,
        number: Int,
        to emailKey: String,
        keys: SigningKeys
    ) -> Bool {
        var text = Substring(quoted.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix("<") && text.hasSuffix(">") { text = text.dropFirst().dropLast() }
        let prefix = "\(kind.rawValue)-\(number)."
        guard text.lowercased().hasPrefix(prefix), let at = text.firstIndex(of: "@") else { return false }
        let tag = text[text.index(text.startIndex, offsetBy: prefix.count)..<at]
        guard tag.count == messageIDTagLength * 2, let bytes = Hex.bytes(tag) else { return false }
        return keys.isValid(bytes, of: messageIDSigned(kind, number, emailKey.lowercased()), for: .messageID)
    }

    /// The bytes of a keyed Message-ID tag (written as twice as many hex digits).
    package static let messageIDTagLength = 12

    /// `reader`'s unsubscribe link: signed when the list has a secret, else the `{{email}}` form.
    package func unsubscribeURL(for reader: Reader) -> String {
        guard let signed else { return unsubscribeURL(for: reader.email) }
        return signed.url(token: ReaderToken.make(for: reader.key, keys: signed.keys))
    }

    /// `reader`'s own page, for a list that takes sign-ups (which always has a secret); else empty.
    package func manageURL(for reader: Reader) -> String {
        guard let manageBase, let keys = signed?.keys else { return "" }
        return manageBase + ManageToken.make(for: reader.key, generation: reader.linkGeneration, keys: keys)
    }

    /// The token of `reader`'s unsubscribe link, or `nil` for a list without a secret.
    package func readerToken(for reader: Reader) -> String? {
        signed.map { ReaderToken.make(for: reader.key, keys: $0.keys) }
    }

    /// The personalised unsubscribe page for `email` in the old `{{email}}` form.
    package func unsubscribeURL(for email: String) -> String {
        unsubscribeParts.joined(separator: Self.percentEncoded(email))
    }

    /// `text` with every byte but RFC 3986's unreserved characters percent-encoded (`@` becomes `%40`).
    static func percentEncoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes.append(UInt8(ascii: "%"))
                Hex.appendUpper(byte, to: &bytes)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `List-Id: Safeguarding Weekly <safeguarding-weekly.example.org>` (RFC 2919).
    static func listID(name: String, domain: String) -> String {
        let phrase = EncodedWord.encodeIfNeeded(name)
        let quoted =
            phrase.contains(where: { "()<>[]:;@\\,.\"".contains($0) }) && !phrase.hasPrefix("=?")
            ? "\"" + phrase.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
            : phrase
        return "\(quoted) <\(BulletinRenderer.slug(name)).\(domain)>"
    }
}

extension MessageFactory {
    /// The most HTML Gmail shows (102 KB, as the message carries it): the rest of a longer message,
    /// its unsubscribe link included, hides behind "View entire message".
    package static let gmailClippingBytes = 102 * 1024

    /// The bytes `reader`'s `edition` of the HTML body `html` takes in the message, quoted-printable
    /// as sent.
    package func sentSize(ofHTML html: String, for reader: Reader, edition: Edition = .whole) -> Int {
        QuotedPrintable.encode(personalize(html, for: reader, edition: edition, html: true)).utf8.count
    }

    /// `message` with a `DKIM-Signature` field per configured key in front; `message` itself when there is none.
    ///
    /// Every copy goes through here last, after all per-recipient changes, so the signature covers
    /// the exact bytes that go out (`send`, `send --to`, `alert` and `preview --format eml` alike).
    func signed(_ message: [UInt8]) throws(NewsletterError) -> [UInt8] {
        guard let signer else { return message }
        do { return try signer.sign(message, at: Date()) } catch {
            throw NewsletterError(.badConfiguration, error.description, context: configuration.file.path)
        }
    }
}
