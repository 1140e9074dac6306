import Foundation
import MIME
import TestSupport
import Testing

/// A newsletter-like template and the text each recipient should get.
struct SampleMailing {
    static let subject = "Safeguarding Weekly · Issue 12 · 22 Nov 2026"
    static let from = "Safeguarding Weekly <news@example.org>"
    static let longLine = (1...30).map { "word\($0)" }.joined(separator: " ")

    let textSegments: [PersonalizedBody.Segment] = [
        .literal("Dear "), .slot(0), .literal(",\n\nThis week:\n. a line that starts with a dot\nFrom the editor: "),
        .literal(SampleMailing.longLine + "  \n"), .slot(1), .literal("\r\nUnsubscribe: "), .slot(2), .literal("\n"),
        .slot(3), .literal("\tend "),
    ]
    let htmlSegments: [PersonalizedBody.Segment] = [
        .literal("<p>Dear "), .slot(0),
        .literal(",</p>\n<p style=\"x=1\">" + SampleMailing.longLine + "</p>\n<a href=\""),
        .slot(1), .literal("\">Unsubscribe</a> "), .slot(2),
    ]
    let boundary = MessageTemplate.boundary(seed: "issue-12")
    let template: MessageTemplate

    init() throws {
        template = try MessageTemplate(
            commonHeaders: [
                HeaderField("From", Mailbox(parsing: SampleMailing.from).headerValue),
                HeaderField.unstructured("Subject", SampleMailing.subject),
                HeaderField("Date", "Sun, 22 Nov 2026 05:32:28 +0000"),
                HeaderField("List-Id", "Safeguarding Weekly <weekly.example.org>"),
            ],
            text: PersonalizedBody(segments: textSegments),
            html: PersonalizedBody(segments: htmlSegments),
            boundary: boundary
        )
    }

    /// The per-recipient headers for `mailbox`.
    func headers(for mailbox: Mailbox) throws -> [HeaderField] {
        [
            try HeaderField("To", mailbox.headerValue),
            try HeaderField(
                "Message-ID",
                MessageTemplate.messageID(
                    kind: "issue",
                    number: 12,
                    recipient: mailbox.address,
                    domain: "example.org"
                )
            ),
            try HeaderField(
                "List-Unsubscribe",
                "<mailto:unsubscribe@example.org>, <https://example.org/unsubscribe?email="
                    + mailbox.address + ">"
            ),
            try HeaderField("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        ]
    }

    /// What `segments` should decode to with `values`: line breaks as CRLF
    /// (normalized per segment, so a CR ending one segment stays a CR even if
    /// the next starts with LF), missing values empty.
    static func expected(_ segments: [PersonalizedBody.Segment], _ values: [String]) -> String {
        var pieces: [String] = []
        var previousWasLiteral = false
        for segment in segments {
            switch segment {
            case .literal(let text):
                // The template encodes adjacent literals as one piece.
                if previousWasLiteral, let last = pieces.popLast() {
                    pieces.append(last + text)
                } else {
                    pieces.append(text)
                }
                previousWasLiteral = true
            case .slot(let index):
                pieces.append(values.indices.contains(index) ? values[index] : "")
                previousWasLiteral = false
            case .begin, .end:
                // A condition's edge ends the run of literals encoded as one piece.
                previousWasLiteral = false
            }
        }
        return pieces.map(TextSamples.normalizingLineBreaks).joined()
    }
}
@Suite("Message template")
struct MessageTemplateTests {
    static let awkwardValues: [[String]] = [
        ["Zoë", "https://example.org/u?e=zo%C3%AB", "zoe@example.org", "P.S."],
        ["  spaced  ", String(repeating: "long value with spaces ", count: 8) + " ", "\tx\t", " "],
        [".dot first", "From here on", "a\nb\r\nc", "=3D stays literal"],
        ["😀👨‍👩‍👧‍👦🇬🇧", String(repeating: "é", count: 100), "", "trailing\r"],
        [String(repeating: "x", count: 200), "", "", ""],
        [],
    ]

    /// Renders for one recipient and checks the wire format and both decoded parts.
    private func check(_ mailing: SampleMailing, values: [String], htmlValues: [String]? = nil) throws -> [UInt8] {
        let mailbox = try Mailbox(displayName: "Zoë Ähm", address: "zoe@example.org")
        let message = mailing.template.render(
            headers: try mailing.headers(for: mailbox),
            textValues: values,
            htmlValues: htmlValues ?? values
        )
        #expect(MessageLines.problems(message) == [], "values \(values)")
        let split = MultipartMessage(message, boundary: mailing.boundary)
        let parsed = try #require(
            split != nil ? split : nil,
            "cannot split \(String(decoding: message, as: UTF8.self))"
        )
        #expect(
            parsed.headerNames == [
                "From", "Subject", "Date", "List-Id", "To", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post",
                "MIME-Version", "Content-Type",
            ]
        )
        #expect(parsed.headers.contains("Content-Type: multipart/alternative; boundary=\"\(mailing.boundary)\""))
        #expect(parsed.epilogue == [])
        #expect(
            parsed.parts.map(\.headers) == [
                "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable",
                "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable",
            ]
        )
        let expected = [
            SampleMailing.expected(mailing.textSegments, values),
            SampleMailing.expected(mailing.htmlSegments, htmlValues ?? values),
        ]
        for (part, text) in zip(parsed.parts, expected) {
            #expect(QuotedPrintableDecoder.problems(part.body) == [], "values \(values)")
            #expect(QuotedPrintableDecoder.decodeText(part.body) == text)
        }
        return message
    }

    @Test("renders awkward values: long, space-padded, non-ASCII, line-initial . and From")
    func awkwardValuesRender() throws {
        let mailing = try SampleMailing()
        for values in Self.awkwardValues {
            _ = try check(mailing, values: values)
        }
    }

    @Test("random values keep every line within limits and decode exactly", arguments: [31, 32])
    func randomValues(seed: UInt64) throws {
        let mailing = try SampleMailing()
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<150 {
            let values = (0..<4).map { _ in TextSamples.randomText(maximumPieces: 20, using: &generator) }
            _ = try check(mailing, values: values)
        }
    }

    @Test("a slot with no value renders empty")
    func missingValuesRenderEmpty() throws {
        let mailing = try SampleMailing()
        _ = try check(mailing, values: ["Only one"], htmlValues: [])
    }

    @Test("segments that start with a line break or end in white space decode exactly")
    func segmentEdges() throws {
        let text = PersonalizedBody(.literal("\r\n"), .slot(0), .literal("\r\n. "), .slot(0), .literal("\n"), .slot(1))
        let html = PersonalizedBody(.slot(0), .slot(0), .literal(" "), .literal(" \n"))
        let boundary = MessageTemplate.boundary(seed: "edges")
        let template = try MessageTemplate(commonHeaders: [], text: text, html: html, boundary: boundary)
        for values in [["a "], [" ", "\r\n"], ["\n", "b"], ["", ""], ["\r"]] {
            let message = template.render(headers: [], textValues: values, htmlValues: values)
            #expect(MessageLines.problems(message) == [])
            let split = MultipartMessage(message, boundary: boundary)
            let parsed = try #require(
                split != nil ? split : nil,
                "cannot split \(String(decoding: message, as: UTF8.self))"
            )
            #expect(parsed.parts.count == 2)
            for (part, body) in zip(parsed.parts, [text, html]) {
                #expect(QuotedPrintableDecoder.problems(part.body) == [])
                #expect(QuotedPrintableDecoder.decodeText(part.body) == SampleMailing.expected(body.segments, values))
            }
        }
    }

    @Test("a copy carries only the parts whose conditions hold, nested or mid-line, and decodes exactly")
    func conditionalParts() throws {
        // Condition 0 encloses a line, 1 a part of a line with a slot in it, 2 a part inside 1.
        let text = PersonalizedBody(
            .literal("Top\n"),
            .begin(0),
            .literal("Only with 0\n"),
            .end,
            .literal("Shared, "),
            .begin(1),
            .literal("then 1 with "),
            .slot(0),
            .begin(2),
            .literal(" and 2"),
            .end,
            .literal(";"),
            .end,
            .literal(" the end\n")
        )
        let boundary = MessageTemplate.boundary(seed: "conditions")
        let template = try MessageTemplate(commonHeaders: [], text: text, html: text, boundary: boundary)
        for held in [Set<Int>(), [0], [1], [1, 2], [2], [0, 1, 2]] {
            let message = template.render(
                headers: [],
                textValues: ["Zoë"],
                htmlValues: ["Zoë"],
                holding: (0..<3).map(held.contains)
            )
            #expect(MessageLines.problems(message) == [])
            let parsed = try #require(MultipartMessage(message, boundary: boundary))
            let expected = SampleMailing.expected(text.selecting(held.contains).segments, ["Zoë"])
            for part in parsed.parts {
                #expect(QuotedPrintableDecoder.problems(part.body) == [])
                #expect(QuotedPrintableDecoder.decodeText(part.body) == expected, "holding \(held.sorted())")
            }
        }
        // Spelled out for two copies, so that `selecting` is not only checked against itself.
        #expect(
            SampleMailing.expected(text.selecting { $0 == 1 }.segments, ["Zoë"])
                == "Top\r\nShared, then 1 with Zoë; the end\r\n"
        )
        #expect(
            SampleMailing.expected(text.selecting { _ in true }.segments, ["Zoë"])
                == "Top\r\nOnly with 0\r\nShared, then 1 with Zoë and 2; the end\r\n"
        )
        // Without `holds`, every part goes out.
        let whole = template.render(headers: [], textValues: ["Zoë"], htmlValues: ["Zoë"])
        let parsed = try #require(MultipartMessage(whole, boundary: boundary))
        #expect(QuotedPrintableDecoder.decodeText(parsed.parts[0].body)?.contains("Only with 0") == true)
    }

    @Test("empty bodies give empty parts")
    func emptyBodies() throws {
        let empty = PersonalizedBody(segments: [])
        let boundary = MessageTemplate.boundary(seed: "empty")
        let template = try MessageTemplate(
            commonHeaders: [HeaderField("Subject", "Nothing")],
            text: empty,
            html: empty,
            boundary: boundary
        )
        let message = template.render(headers: [], textValues: [], htmlValues: [])
        #expect(MessageLines.problems(message) == [])
        let report = try PythonEmail.inspect(message)
        #expect(report.allDefects == [])
        #expect(report.parts.map(\.contentType) == ["text/plain", "text/html"])
        #expect(report.parts.map(\.text) == ["", ""])
    }

    @Test("Python's email package parses every message without defects")
    func pythonParsesMessages() throws {
        let mailing = try SampleMailing()
        let mailboxes = try [
            Mailbox(displayName: "Zoë Ähm", address: "zoe@example.org"),
            Mailbox(displayName: "Doe, Jane", address: "jane@example.org"),
            Mailbox(displayName: nil, address: "plain@example.org"),
        ]
        for (mailbox, values) in zip(mailboxes + mailboxes, Self.awkwardValues) {
            let message = mailing.template.render(
                headers: try mailing.headers(for: mailbox),
                textValues: values,
                htmlValues: values
            )
            let report = try PythonEmail.inspect(message)
            #expect(report.allDefects == [])
            #expect(report.contentType == "multipart/alternative")
            #expect(report.parts.map(\.contentType) == ["text/plain", "text/html"])
            #expect(report.parts.map(\.charset) == ["utf-8", "utf-8"])
            #expect(report.subject == SampleMailing.subject)
            #expect(report.from == SampleMailing.from)
            #expect(try report.to.map { try Mailbox(parsing: $0) } == mailbox)
            #expect(
                report.parts.map(\.text) == [
                    SampleMailing.expected(mailing.textSegments, values),
                    SampleMailing.expected(mailing.htmlSegments, values),
                ]
            )
        }
    }

    @Test("boundaries are stable per seed and cannot occur in quoted-printable text")
    func boundaries() throws {
        let boundary = MessageTemplate.boundary(seed: "issue-12")
        #expect(boundary == MessageTemplate.boundary(seed: "issue-12"))
        #expect(boundary != MessageTemplate.boundary(seed: "issue-13"))
        #expect(boundary.hasPrefix("=_nl_") && boundary.count == 21)
        let body = PersonalizedBody(.literal("x"))
        for bad in ["", "no-equals-underscore", "=_" + String(repeating: "b", count: 70), "=_bad\"quote", "=_space "] {
            #expect(throws: MIMEError.self, "\(bad)") {
                try MessageTemplate(commonHeaders: [], text: body, html: body, boundary: bad)
            }
        }
        #expect(throws: MIMEError.self) {
            try MessageTemplate(
                commonHeaders: [HeaderField("content-type", "text/plain")],
                text: body,
                html: body,
                boundary: boundary
            )
        }
    }

    @Test("Message-IDs are stable, ignore address case and differ per recipient")
    func messageIDs() {
        let id = MessageTemplate.messageID(
            kind: "issue",
            number: 12,
            recipient: "Zoe@Example.org",
            domain: "example.org"
        )
        #expect(
            id
                == MessageTemplate.messageID(
                    kind: "issue",
                    number: 12,
                    recipient: "zoe@example.org",
                    domain: "example.org"
                )
        )
        #expect(
            id
                != MessageTemplate.messageID(
                    kind: "issue",
                    number: 12,
                    recipient: "joe@example.org",
                    domain: "example.org"
                )
        )
        #expect(
            id
                != MessageTemplate.messageID(
                    kind: "issue",
                    number: 13,
                    recipient: "zoe@example.org",
                    domain: "example.org"
                )
        )
        #expect(id.wholeMatch(of: /<issue-12\.[0-9A-F]{16}@example\.org>/) != nil, "\(id)")
        // FNV-1a 64 of "zoe@example.org", computed independently.
        #expect(id == "<issue-12.\(Self.fnv1a("zoe@example.org"))@example.org>")
        let odd = MessageTemplate.messageID(
            kind: "weekly issue",
            number: 1,
            recipient: "a@b.org",
            domain: "ex ample.org>"
        )
        #expect(odd.wholeMatch(of: /<weekly-issue-1\.[0-9A-F]{16}@ex-ample\.org->/) != nil, "\(odd)")
    }

    private static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test(
        "renders 40,000 recipients quickly (set MIME_BENCHMARK=1)",
        .enabled(if: ProcessInfo.processInfo.environment["MIME_BENCHMARK"] != nil)
    )
    func benchmark() throws {
        let mailing = try SampleMailing()
        let mailbox = try Mailbox(displayName: "Zoë Ähm", address: "zoe@example.org")
        let values = [
            "Zoë", "https://example.org/unsubscribe?email=zoe%40example.org&token=abcdef0123456789", "zoe@example.org",
            "P.S.",
        ]
        let clock = ContinuousClock()
        var total = 0
        let renderOnly = try clock.measure {
            let headers = try mailing.headers(for: mailbox)
            for _ in 0..<40_000 {
                total &+= mailing.template.render(headers: headers, textValues: values, htmlValues: values).count
            }
        }
        let withHeaders = try clock.measure {
            for _ in 0..<40_000 {
                let headers = try mailing.headers(for: mailbox)
                total &+= mailing.template.render(headers: headers, textValues: values, htmlValues: values).count
            }
        }
        print(
            "40,000 renders of \(total / 80_000) bytes: \(renderOnly / 40_000) each; \(withHeaders / 40_000) with "
                + "building the headers"
        )
        #expect(total > 0)
    }
}
