import DKIM
import Foundation
import TestSupport
import Testing

/// The signer on its own: the RFC 8463 example key and message, header folding, what `h=` lists,
/// and cross-checks against dkimpy (Debian's python3-dkim) on awkward messages.
@Suite struct SignerTests {
    /// The Ed25519 key of RFC 8463 Appendix A.2 (the RFC 8032 test key), as PKCS#8.
    static let rfc8463Key = """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
        -----END PRIVATE KEY-----
        """

    /// The message of RFC 8463 Appendix A.3, CRLF line ends.
    static let rfc8463Message = Array(
        """
        From: Joe SixPack <joe@football.example.com>\r
        To: Suzie Q <suzie@shopping.example.net>\r
        Subject: Is dinner ready?\r
        Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r
        Message-ID: <20030712040037.46341.5F8J@football.example.com>\r
        \r
        Hi.\r
        \r
        We lost the game.  Are you hungry yet?\r
        \r
        Joe.\r

        """.utf8
    )

    private func key(_ selector: String = "brisbane", domain: String = "football.example.com") throws -> DKIMKey {
        let privateKey = try DKIMPrivateKey(pem: Self.rfc8463Key, algorithm: .ed25519)
        return DKIMKey(domain: domain, selector: selector, privateKey: privateKey)
    }

    /// The tags of the first `DKIM-Signature` of `message`, unfolded.
    private func tags(_ message: [UInt8]) throws -> [String: String] {
        let text = String(decoding: message, as: UTF8.self)
        let header = text.components(separatedBy: "\r\n").prefix { !$0.isEmpty }
        var joined = ""
        for line in header {
            if line.hasPrefix(" ") { joined += line } else if joined.isEmpty { joined = line } else { break }
        }
        let body = joined.dropFirst("DKIM-Signature:".count)
        var result: [String: String] = [:]
        for tag in body.split(separator: ";") {
            let parts = tag.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            result[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].replacingOccurrences(of: " ", with: "")
        }
        return result
    }

    @Test func theRFC8463KeyLoadsAndGivesItsPublicKey() throws {
        let key = try key()
        #expect(key.privateKey.publicKeyBase64 == "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
        #expect(key.record.name == "brisbane._domainkey.football.example.com")
        #expect(key.record.value == "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
        #expect(
            key.privateKey.pemRepresentation.trimmingCharacters(in: .newlines)
                == Self.rfc8463Key.trimmingCharacters(in: .newlines)
        )
    }

    @Test func theRFC8463MessageHasTheRFCsBodyHashAndVerifies() throws {
        let key = try key()
        let time = Date(timeIntervalSince1970: 1_528_637_909)
        let signed = try DKIMSigner(keys: [key]).sign(Self.rfc8463Message, at: time)
        let tags = try tags(signed)
        #expect(tags["bh"] == "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=")
        #expect(tags["a"] == "ed25519-sha256")
        #expect(tags["c"] == "relaxed/relaxed")
        #expect(tags["t"] == "1528637909")
        #expect(tags["h"] == "from:from:to:subject:date:message-id", "only fields present, From over-signed")
        #expect(Array(signed.suffix(Self.rfc8463Message.count)) == Self.rfc8463Message, "the message is unchanged")
        let reports = try DKIMVerifier.verify([signed], records: [key.record.name: key.record.value])
        #expect(reports.first?.first?.verified == true, "\(reports)")
    }

    @Test func signatureLinesStayWithin78Columns() throws {
        let rsa = DKIMKey(
            domain: "a-rather-long-subdomain-name.example.org",
            selector: "selector-2026-december",
            privateKey: try DKIMPrivateKey.generate(.rsa, bits: 4096)
        )
        let signed = try DKIMSigner(keys: [rsa, try key()]).sign(Self.rfc8463Message)
        let text = String(decoding: signed, as: UTF8.self)
        let header = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(header.filter { $0.hasPrefix("DKIM-Signature:") }.count == 2)
        for line in header { #expect(line.utf8.count <= 78, "\(line.utf8.count): \(line)") }
    }

    /// Messages a careless template or relay might produce, each signed and checked by dkimpy.
    @Test func awkwardMessagesVerifyWithDkimpy() throws {
        let key = try key("s1", domain: "example.org")
        let messages = [
            // Folded fields, tabs, upper-case names, two To fields.
            "FROM:  News\t <news@example.org>\r\nTo: a@example.org\r\nSUBJECT: A\r\n  folded\t subject  \r\n"
                + "To: b@example.org\r\nReply-To: r@example.org\r\n\r\nBody  with  runs\t\tand tabs  \r\n\r\n\r\n",
            // No body at all, and an empty body after the blank line.
            "From: news@example.org\r\nSubject: empty\r\n",
            "From: news@example.org\r\nSubject: empty\r\n\r\n",
            // A body of blank lines only, and one without a final CRLF.
            "From: news@example.org\r\n\r\n \r\n\t\r\n\r\n",
            "From: news@example.org\r\n\r\nno final line break",
            // Non-ASCII (UTF-8) text in the body.
            "From: news@example.org\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "Zoë Ärmel — ½ “quotes”\r\n",
        ]
        let signed = try messages.map { try DKIMSigner(keys: [key]).sign(Array($0.utf8)) }
        let reports = try DKIMVerifier.verify(signed, records: [key.record.name: key.record.value])
        for (message, report) in zip(messages, reports) {
            #expect(report.count == 1 && report[0].verified, "\(message.debugDescription): \(report)")
        }
        #expect(try tags(signed[0])["h"] == "from:from:to:to:subject:reply-to", "both To fields, bottom up")
    }

    /// Relaxed body canonicalization agrees with dkimpy's on generated bodies.
    @Test func relaxedBodyMatchesDkimpy() throws {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["word", " ", "  ", "\t", " \t ", "é", "=20", "", ".", "plain words of some length,", "x  y"]
        var bodies: [[UInt8]] = []
        for _ in 0..<200 {
            var lines: [String] = []
            for _ in 0..<Int.random(in: 0...8, using: &generator) {
                let count = Int.random(in: 0...6, using: &generator)
                lines.append((0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined())
            }
            // Every line ends in CRLF, as in every message the tool makes; dkimpy keeps the blanks at the
            // end of an unterminated last line, which RFC 6376 §3.4.4 says to ignore (see relaxedBodyRules).
            bodies.append(Array(lines.map { $0 + "\r\n" }.joined().utf8))
        }
        let folder = try TemporaryFolder(prefix: "dkim-body")
        _ = try folder.write(try JSONEncoder().encode(bodies.map { Data($0).base64EncodedString() }), to: "bodies.json")
        let script = """
            import base64, json, sys
            from dkim.canonicalization import Relaxed
            bodies = [base64.b64decode(b) for b in json.load(open(sys.argv[1]))]
            json.dump([base64.b64encode(Relaxed.canonicalize_body(b)).decode() for b in bodies], sys.stdout)
            """
        let python = URL(fileURLWithPath: "/usr/bin/python3")
        let result = try Command.run(python, ["-c", script, folder.path("bodies.json")])
        #expect(result.status == 0, "\(result); \(DKIMVerifier.hint)")
        let expected = try JSONDecoder().decode([String].self, from: result.stdout)
            .map { [UInt8](Data(base64Encoded: $0)!) }
        for (body, theirs) in zip(bodies, expected) {
            let ours = DKIMCanonicalization.relaxedBody(body)
            // dkimpy leaves an empty body as is; otherwise ours must be byte for byte the same.
            #expect(
                ours == theirs || (ours.isEmpty && theirs == [0x0D, 0x0A]),
                "\(String(decoding: body, as: UTF8.self).debugDescription)"
            )
        }
    }

    @Test(arguments: [
        ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "holds a 'CERTIFICATE' block"),
        ("hello\n", "is not a PEM private key"),
        ("-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n", "is not a PEM private key"),
        (
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n",
            "is an encrypted private key"
        ),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nMIIB\n-----END RSA PRIVATE KEY-----\n",
            "encrypted"
        ),
    ])
    func unusableKeyTextIsRefused(text: String, message: String) {
        #expect {
            try DKIMPrivateKey(pem: text, algorithm: .rsa)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func anEd25519KeyIsNotAnRSAKey() throws {
        #expect(throws: DKIMKeyError.wrongType(expected: .rsa, found: "an Ed25519")) {
            try DKIMPrivateKey(pem: Self.rfc8463Key, algorithm: .rsa)
        }
        let rsa = try DKIMPrivateKey.generate(.rsa)
        #expect(rsa.bits == 2048)
        #expect(throws: DKIMKeyError.wrongType(expected: .ed25519, found: "an RSA")) {
            try DKIMPrivateKey(pem: rsa.pemRepresentation, algorithm: .ed25519)
        }
        #expect(try DKIMPrivateKey(pem: rsa.pemRepresentation, algorithm: .rsa).publicKeyBase64 == rsa.publicKeyBase64)
        #expect(throws: DKIMKeyError.tooShort(bits: 1024)) { try DKIMPrivateKey.generate(.rsa, bits: 1024) }
    }
}
