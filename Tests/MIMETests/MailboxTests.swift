import MIME
import TestSupport
import Testing

@Suite("Mailbox")
struct MailboxTests {
    /// The message of the error that validating `address` throws, or "" if it is accepted.
    private func problem(with address: String, rules: Mailbox.AddressRules = .ascii) -> String {
        do {
            try Mailbox.validate(address: address, rules: rules)
            return ""
        } catch {
            return error.message
        }
    }

    @Test("parses the forms people write")
    func parsing() throws {
        let bare = try Mailbox(parsing: "  a@b.org ")
        #expect(bare.displayName == nil && bare.address == "a@b.org")
        let named = try Mailbox(parsing: "Jane Doe <jane@example.org>")
        #expect(named.displayName == "Jane Doe" && named.address == "jane@example.org")
        let quoted = try Mailbox(parsing: "\"Doe, Jane \\\"JD\\\"\" <jane@example.org>")
        #expect(quoted.displayName == "Doe, Jane \"JD\"" && quoted.address == "jane@example.org")
        let unicode = try Mailbox(parsing: "Zoë Ähm <zoe@example.org>")
        #expect(unicode.displayName == "Zoë Ähm" && unicode.address == "zoe@example.org")
        let angleOnly = try Mailbox(parsing: "<a@b.org>")
        #expect(angleOnly.displayName == nil)
        let quotedAngles = try Mailbox(parsing: "\"A <b> C\" <a@b.org>")
        #expect(quotedAngles.displayName == "A <b> C" && quotedAngles.address == "a@b.org")
        #expect(try Mailbox(parsing: "a@sub.b.org").domain == "sub.b.org")
    }

    @Test("refuses malformed mailboxes")
    func parsingFailures() {
        for text in [
            "", "Jane <jane@example.org", "Jane jane@example.org>", "\"Jane <jane@example.org>",
            "\"Jane\" Doe <jane@example.org>", "Jane\r\n <jane@example.org>", "Jane <a@b.org>\r\nBcc: x@y.org",
        ] {
            #expect(throws: MIMEError.self, "\(text)") { try Mailbox(parsing: text) }
        }
    }

    @Test("formats the name as a plain phrase, a quoted-string or encoded words")
    func headerValue() throws {
        #expect(try Mailbox(displayName: nil, address: "a@b.org").headerValue == "a@b.org")
        #expect(try Mailbox(displayName: "  ", address: "a@b.org").headerValue == "a@b.org")
        #expect(try Mailbox(displayName: "Jane Doe", address: "a@b.org").headerValue == "Jane Doe <a@b.org>")
        #expect(try Mailbox(displayName: "Doe, Jane", address: "a@b.org").headerValue == "\"Doe, Jane\" <a@b.org>")
        #expect(
            try Mailbox(displayName: "J. \"JD\" D\\oe", address: "a@b.org").headerValue
                == "\"J. \\\"JD\\\" D\\\\oe\" <a@b.org>"
        )
        #expect(
            try Mailbox(displayName: "Zoë Ähm", address: "a@b.org").headerValue == "=?UTF-8?B?Wm/DqyDDhGht?= <a@b.org>"
        )
        #expect(
            try Mailbox(displayName: "Zoë Smithson", address: "a@b.org").headerValue
                == "=?UTF-8?Q?Zo=C3=AB_Smithson?= <a@b.org>"
        )
        let lookalike = try Mailbox(displayName: "=?UTF-8?Q?x?=", address: "a@b.org").headerValue
        #expect(
            lookalike.hasPrefix("=?UTF-8?") && lookalike.hasSuffix("?= <a@b.org>")
                && lookalike != "=?UTF-8?Q?x?= <a@b.org>"
        )
    }

    @Test("Python reads the formatted mailboxes back")
    func pythonReadsHeaderValues() throws {
        let mailboxes = try [
            Mailbox(displayName: "Jane Doe", address: "jane@example.org"),
            Mailbox(displayName: "Doe, Jane (Editor) <x>", address: "jane@example.org"),
            Mailbox(displayName: "Zoë Ähm", address: "zoe@example.org"),
            Mailbox(displayName: "Say \"hi\" \\ back", address: "hi@example.org"),
            Mailbox(displayName: "=?UTF-8?Q?x?=", address: "lookalike@example.org"),
            Mailbox(displayName: String(repeating: "Ünïcödé ", count: 12) + "Name", address: "long@example.org"),
        ]
        let fields = try mailboxes.map { try HeaderField("To", $0.headerValue).encoded }
        let decoded = try PythonEmail.decode(headerFields: fields)
        for (mailbox, header) in zip(mailboxes, decoded) {
            #expect(header.defects == [])
            let reparsed = try Mailbox(parsing: header.value)
            if mailbox.headerValue.components(separatedBy: "?= =?").count == 1 {
                #expect(reparsed == mailbox, "\(header.value)")
            } else {
                // Python before the fix for CPython gh-128110 keeps the space between
                // two encoded words in a display name (RFC 2047 §6.2 says to drop it).
                #expect(reparsed.address == mailbox.address)
                #expect(reparsed.displayName?.filter { $0 != " " } == mailbox.displayName?.filter { $0 != " " })
            }
        }
    }

    @Test("the display name may not contain line breaks or controls")
    func displayNameControls() {
        #expect(throws: MIMEError.self) { try Mailbox(displayName: "Jane\r\nBcc: x@y.org", address: "a@b.org") }
        #expect(throws: MIMEError.self) { try Mailbox(displayName: "Jane\u{0}", address: "a@b.org") }
    }

    @Test("accepts ordinary addresses")
    func validAddresses() {
        for address in [
            "a@b.org", "first.last+tag@sub.example.co.uk", "o'brien@example.ie", "x@localhost",
            "user_name-1!#$%&'*+/=?^`{|}~@a-b.example", String(repeating: "l", count: 64) + "@b.org",
            "a@" + String(repeating: "d", count: 63) + ".org",
        ] {
            #expect(problem(with: address) == "", "\(address)")
        }
    }

    @Test(
        "says exactly what is wrong with a bad address",
        arguments: [
            ("a@b.org\r\nRCPT TO:<x@y>", "line break"),
            ("a@b.org\n", "line break"),
            ("a\u{0}@b.org", "NUL"),
            ("a\t@b.org", "control character"),
            ("a b@c.org", "space"),
            (" a@b.org", "space"),
            ("ab.org", "has no @"),
            ("a@b@c.org", "more than one @"),
            ("@b.org", "empty local part"),
            ("a@", "empty domain part"),
            (".a@b.org", "starts with a dot"),
            ("a.@b.org", "ends with a dot"),
            ("a..b@c.org", "two dots in a row"),
            ("a(b)@c.org", "\"(\" in the local part"),
            ("\"a b\"@c.org", "space"),
            ("zoë@b.org", "non-ASCII"),
            ("a@bücher.de", "non-ASCII"),
            ("a@b", "without a dot"),
            ("a@b..org", "empty label"),
            ("a@b.org.", "empty label"),
            ("a@b_c.org", "\"_\" in the domain"),
            ("a@-b.org", "hyphen"),
            ("a@[127.0.0.1]", "\"[\" in the domain"),
            ("", "empty"),
        ]
    )
    func invalidAddresses(address: String, expected: String) {
        let message = problem(with: address)
        #expect(message.contains(expected), "\(message)")
        #expect(!message.contains("\n") && !message.contains("\r"))
    }

    @Test("a reader's address may be international: a UTF-8 local part, U-labels in the domain")
    func internationalAddresses() throws {
        for address in ["zoë@example.org", "jörg@bücher.example", "用户@例子.广告", "ada@bücher.example"] {
            #expect(throws: Never.self, "\(address)") { try Mailbox.validate(address: address, rules: .international) }
        }
        let zoe = try Mailbox(displayName: "Zoë Ärmel", address: "zoë@bücher.example", rules: .international)
        #expect(zoe.headerAddress == "zoë@xn--bcher-kva.example")
        #expect(zoe.headerValue.hasSuffix(" <zoë@xn--bcher-kva.example>") && zoe.headerValue.hasPrefix("=?UTF-8?"))
        let ada = try Mailbox(displayName: nil, address: "ada@bücher.example", rules: .international)
        #expect(ada.headerValue == "ada@xn--bcher-kva.example", "an ASCII local part needs no SMTPUTF8")
        for (address, expected) in [
            ("zo\u{00A0}e@example.org", "U+A0"), ("zo\u{2028}e@example.org", "U+2028"),
            ("zoë\r@example.org", "line break"), ("zoë @example.org", "space"),
            ("zoë@b\u{0085}c.org", "U+85"), ("..ë@example.org", "starts with a dot"),
        ] {
            let message = problem(with: address, rules: .international)
            #expect(message.contains(expected), "\(address): \(message)")
        }
    }

    @Test("enforces the length limits")
    func lengthLimits() {
        #expect(problem(with: String(repeating: "l", count: 65) + "@b.org").contains("limit is 64"))
        #expect(problem(with: "a@" + String(repeating: "d", count: 64) + ".org").contains("limit is 63"))
        let long = "a@" + Array(repeating: String(repeating: "d", count: 60), count: 5).joined(separator: ".")
        #expect(problem(with: long).contains("limit is 254"))
    }
}
