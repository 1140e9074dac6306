import Foundation
import MIME
import TestSupport
import Testing

/// What the MIME target writes, read back by an independent parser: Python's `email` package.
@Suite("Read back by Python's email package")
struct PythonReadBackTests {
    /// Lines that end at, just before and just past the 76-column limit, and in spaces or tabs.
    static let awkwardLines: [String] = {
        var lines: [String] = []
        for width in 72...78 {
            for tail in ["", " ", "\t", "  ", " \t", "\t \t"] {
                lines.append(String(repeating: "x", count: width) + tail)
            }
        }
        lines += [
            String(repeating: " ", count: 120), "word" + String(repeating: "\t ", count: 50),
            String(repeating: "é", count: 40) + "  ", (1...40).map { "w\($0)" }.joined(separator: " ") + " ",
            "", " ", ".", ". ", "From the team ", String(repeating: "=", count: 30) + " ",
        ]
        return lines
    }()

    @Test("quoted-printable lines stay within 76 characters for long lines ending in white space")
    func quotedPrintableLongLines() {
        for line in Self.awkwardLines {
            for ending in ["", "\n", "\r\n"] {
                let text = line + ending + "next"
                let encoded = Array(QuotedPrintable.encode(text).utf8)
                let lines = MessageLines.split(encoded)
                #expect(lines.allSatisfy { $0.count <= 76 }, "\(text.debugDescription)")
                #expect(lines.allSatisfy { $0.last != 0x20 && $0.last != 0x09 }, "\(text.debugDescription)")
                #expect(QuotedPrintableDecoder.problems(encoded) == [], "\(text.debugDescription)")
                #expect(QuotedPrintableDecoder.decodeText(encoded) == TextSamples.normalizingLineBreaks(text))
            }
        }
    }

    @Test("a message of such lines keeps its body lines within 76 characters and decodes exactly")
    func messageOfLongLines() throws {
        let literal = Self.awkwardLines.joined(separator: "\n") + "\n"
        let body = PersonalizedBody(.literal(literal), .slot(0), .literal("\r\n" + literal), .slot(1))
        let boundary = MessageTemplate.boundary(seed: "long-lines")
        let template = try MessageTemplate(
            commonHeaders: [HeaderField("Subject", "Long lines")],
            text: body,
            html: body,
            boundary: boundary
        )
        let values = [String(repeating: "value ", count: 30), String(repeating: "x", count: 75) + "\t"]
        let message = template.render(headers: [], textValues: values, htmlValues: values)
        let parts = try #require(MultipartMessage(message, boundary: boundary)).parts
        #expect(parts.count == 2)
        for part in parts {
            let lines = MessageLines.split(part.body)
            #expect(lines.count > Self.awkwardLines.count * 2)
            #expect(lines.allSatisfy { $0.count <= 76 })
            #expect(QuotedPrintableDecoder.problems(part.body) == [])
        }
        let expected = TextSamples.normalizingLineBreaks(literal + values[0] + "\r\n" + literal + values[1])
        let report = try PythonEmail.inspect(message)
        #expect(report.allDefects == [])
        #expect(report.parts.map(\.transferEncoding) == ["quoted-printable", "quoted-printable"])
        #expect(report.texts == [expected, expected])
    }

    @Test("encoded words in folded fields decode to the text, whatever the field name's length")
    func foldedEncodedWords() throws {
        var texts: [String] = []
        for count in stride(from: 1, through: 46, by: 3) {
            texts.append(String(repeating: "é", count: count))
            texts.append(String(repeating: "Zoë ", count: count) + "end")
            texts.append(String(repeating: "😀", count: count))
            texts.append("Ausgabe \(count): " + String(repeating: "Grüße ", count: count / 2) + "👨‍👩‍👧‍👦")
        }
        texts.append("Looks like =?UTF-8?Q?an_encoded?= word, but is plain text")
        let names = ["Subject", "X-A", "X-Newsletter-Topic-Announcement-Header"]
        var fields: [String] = []
        for name in names {
            for text in texts {
                let encoded = try HeaderField.unstructured(name, text).encoded
                #expect(MessageLines.problems(Array(encoded.utf8)) == [], "\(name): \(text)")
                fields.append(encoded)
            }
        }
        let decoded = try PythonEmail.decode(headerFields: fields)
        #expect(decoded.count == fields.count)
        for (index, header) in decoded.enumerated() {
            #expect(header.name == names[index / texts.count])
            #expect(header.defects == [], "\(fields[index])")
            #expect(header.value == texts[index % texts.count])
        }
    }

    @Test("dates read back as the same instant and zone")
    func dates() throws {
        var generator = SeededGenerator(seed: 41)
        var dates: [String] = []
        for zone in [0, 3600, -18_000, 19_800, 45_900, -34_200] {
            let timeZone = try #require(TimeZone(secondsFromGMT: zone))
            for _ in 0..<40 {
                // From the year 1019 on: Python reads a year below 100 as a two-digit year.
                let seconds = Double(Int64.random(in: -30_000_000_000...253_000_000_000, using: &generator))
                dates.append(RFC5322Date.string(from: Date(timeIntervalSince1970: seconds), timeZone: timeZone))
            }
        }
        // Python parses each date and formats it again, weekday included, from the instant and zone it read.
        let decoded = try PythonEmail.decode(headerFields: dates.map { "Date: \($0)\r\n" })
        #expect(decoded.map(\.defects) == Array(repeating: [], count: dates.count))
        #expect(decoded.map(\.value) == dates)
    }

    @Test("a rendered message's headers and parts read back as they were given")
    func messageHeaders() throws {
        let zone = try #require(TimeZone(secondsFromGMT: 3600))
        let date = RFC5322Date.string(from: Date(timeIntervalSince1970: 1_797_000_000), timeZone: zone)
        let subject = "Wochenüberblick · Ausgabe 7 · Schutzkonzepte, Fortbildungen und neue Leitfäden für Träger"
        let from = try Mailbox(displayName: "Fachstelle Kinderschutz · Info", address: "info@example.org")
        let replyTo = try Mailbox(displayName: "Redaktion, Info-Team", address: "redaktion@example.org")
        let to = try Mailbox(parsing: "Łukasz Żółć <lukasz@example.org>")
        let messageID = MessageTemplate.messageID(
            kind: "issue",
            number: 7,
            recipient: to.address,
            domain: "example.org"
        )
        let boundary = MessageTemplate.boundary(seed: "issue-7")
        let template = try MessageTemplate(
            commonHeaders: [
                HeaderField("From", from.headerValue), HeaderField("Reply-To", replyTo.headerValue),
                HeaderField.unstructured("Subject", subject), HeaderField("Date", date),
            ],
            text: PersonalizedBody(.literal("Hallo "), .slot(0), .literal(",\nneu diese Woche.\n")),
            html: PersonalizedBody(.literal("<p>Hallo "), .slot(0), .literal(",</p>\n<p>neu diese Woche.</p>\n")),
            boundary: boundary
        )
        let message = template.render(
            headers: [try HeaderField("To", to.headerValue), try HeaderField("Message-ID", messageID)],
            textValues: ["Łukasz"],
            htmlValues: ["Łukasz"]
        )
        #expect(MessageLines.problems(message) == [])
        let report = try PythonEmail.inspect(message)
        #expect(report.allDefects == [])
        #expect(
            report.headers.map { $0.first ?? "" } == [
                "From", "Reply-To", "Subject", "Date", "To", "Message-ID", "MIME-Version", "Content-Type",
            ]
        )
        #expect(try Mailbox(parsing: report.from ?? "") == from)
        #expect(try Mailbox(parsing: report.header("Reply-To") ?? "") == replyTo)
        #expect(try Mailbox(parsing: report.to ?? "") == to)
        #expect(report.subject == subject)
        #expect(report.header("Date") == date)
        #expect(report.header("Message-ID") == messageID)
        #expect(report.header("MIME-Version") == "1.0")
        #expect(report.contentType == "multipart/alternative")
        #expect(report.partTypes == ["text/plain", "text/html"])
        #expect(
            report.texts == [
                "Hallo Łukasz,\r\nneu diese Woche.\r\n", "<p>Hallo Łukasz,</p>\r\n<p>neu diese Woche.</p>\r\n",
            ]
        )
    }
}
