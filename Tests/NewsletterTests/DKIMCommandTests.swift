import Foundation
import TestSupport
import Testing

/// DKIM end to end: keys made by `newsletter dkim keygen`, messages sent by the real binary to a real
/// SMTP server (aiosmtpd), and every signature checked by dkimpy with DNS answered from the TXT
/// record `keygen` printed.
@Suite struct DKIMCommandTests {
    /// A key made by `keygen` in `workspace`, with the record it printed.
    struct Key {
        var entry: [String: String]
        var recordName: String
        var recordValue: String
    }

    /// Runs `dkim keygen` for `algorithm` under `selector`, writing `keys/SELECTOR.pem`.
    private func keygen(_ workspace: Workspace, _ algorithm: String, selector: String) throws -> Key {
        let keys = workspace.folder.url.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let file = workspace.folder.path("keys/\(selector).pem")
        let result = try Command.run(
            Workspace.binary,
            [
                "dkim", "keygen", "--algorithm", algorithm, "--selector", selector, "--out", file,
                "--config", workspace.config.path,
            ],
            in: workspace.folder.url
        )
        #expect(result.status == 0, "\(result)")
        let line = result.output.trimmingCharacters(in: .newlines)
        let record = try #require(DKIMVerifier.record(fromZoneFileLine: line), "keygen printed \(line)")
        #expect(record.name == "\(selector)._domainkey.example.org.")
        #expect(record.value.hasPrefix("v=DKIM1; k=\(algorithm); p="))
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the private key must be readable by its owner only")
        let entry = [
            "domain": "example.org", "selector": selector, "algorithm": algorithm,
            "keyFile": "keys/\(selector).pem",
        ]
        return Key(entry: entry, recordName: record.name, recordValue: record.value)
    }

    /// A workspace sending to `server`, signing with `keys`.
    private func workspace(
        _ server: TestSMTPServer?,
        algorithms: [String],
        exampleItems: Bool = true
    ) throws -> (Workspace, [Key]) {
        let workspace = try Workspace(exampleItems: exampleItems)
        if let server {
            workspace.smtp = [
                "url": server.url, "tls": "none", "connections": 2, "timeoutSeconds": 10,
                "maxAttempts": 2,
            ]
        }
        var keys: [Key] = []
        for (index, algorithm) in algorithms.enumerated() {
            keys.append(try keygen(workspace, algorithm, selector: "s2026\(algorithm.prefix(1))\(index)"))
        }
        workspace.extraConfig["dkim"] = keys.map(\.entry)
        try workspace.writeConfig()
        return (workspace, keys)
    }

    private func records(_ keys: [Key]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: keys.map { ($0.recordName, $0.recordValue) })
    }

    /// The lines of the message's header, up to the empty line.
    private func headerLines(_ message: [UInt8]) -> [Substring] {
        let text = String(decoding: message, as: UTF8.self)
        let header = text.components(separatedBy: "\r\n\r\n")[0]
        return header.split(separator: "\r\n", omittingEmptySubsequences: false)
    }

    /// Checks that every message carries one verified signature per key, in the algorithms of `keys`.
    private func expectVerified(
        _ messages: [[UInt8]],
        keys: [Key],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(!messages.isEmpty, sourceLocation: sourceLocation)
        let reports = try DKIMVerifier.verify(messages, records: records(keys))
        for (message, signatures) in zip(messages, reports) {
            #expect(signatures.count == keys.count, "\(signatures)", sourceLocation: sourceLocation)
            #expect(signatures.allSatisfy { $0.verified }, "\(signatures)", sourceLocation: sourceLocation)
            #expect(signatures.map(\.selector) == keys.map { $0.entry["selector"]! }, sourceLocation: sourceLocation)
            #expect(
                signatures.map(\.algorithm) == keys.map { $0.entry["algorithm"]! + "-sha256" },
                sourceLocation: sourceLocation
            )
            for signature in signatures {
                let signed = signature.headers.split(separator: ":")
                    .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                #expect(
                    signed.filter { $0 == "from" }.count == 2,
                    "From must be over-signed: \(signed)",
                    sourceLocation: sourceLocation
                )
                for name in [
                    "to", "subject", "date", "message-id", "mime-version", "content-type", "list-id",
                    "list-unsubscribe", "list-unsubscribe-post", "reply-to",
                ] {
                    #expect(signed.contains(name), "h= lacks \(name)", sourceLocation: sourceLocation)
                }
            }
            let lines = headerLines(message)
            var inSignature = false
            for line in lines {
                if line.hasPrefix("DKIM-Signature:") {
                    inSignature = true
                } else if !line.hasPrefix(" ") {
                    inSignature = false
                }
                if inSignature {
                    #expect(
                        line.utf8.count <= 78,
                        "DKIM-Signature line too long: \(line)",
                        sourceLocation: sourceLocation
                    )
                }
            }
        }
    }

    @Test(arguments: [["ed25519"], ["rsa"], ["rsa", "ed25519"]])
    func sentMessagesVerifyWithDkimpy(algorithms: [String]) throws {
        let server = try TestSMTPServer()
        let (workspace, keys) = try workspace(server, algorithms: algorithms)
        let result = try workspace.run("send")
        #expect(result.status == 0, "\(result)")
        let messages = try server.messages()
        #expect(messages.count == 3)
        try expectVerified(messages.map(\.bytes), keys: keys)
        // The subject (a middle dot) and Zoë Ärmel's name are non-ASCII: encoded words, still verified.
        let zoe = try #require(messages.first { $0.recipient == "zoe@example.net" })
        let report = try PythonEmail.inspect(zoe.bytes)
        #expect(report.to == "Zoë Ärmel <zoe@example.net>")
        #expect(report.subject?.hasPrefix("Safeguarding Weekly · Issue 1") == true)
        #expect(report.allDefects.isEmpty, "\(report.allDefects)")
    }

    @Test func personalCopiesVerifyEachOnItsOwnBytes() throws {
        let server = try TestSMTPServer()
        let (workspace, keys) = try workspace(server, algorithms: ["ed25519", "rsa"])
        try workspace.folder.write(
            """
            email,name,topics,issue
            ada@example.org,Ada Lovelace,,
            grace@example.org,"Hopper, Grace",Online safety;Early years,topics
            zoe@example.net,Zoë Ärmel,Domestic abuse,topics

            """,
            to: "subscribers.csv"
        )
        let result = try workspace.run("send")
        #expect(result.status == 0, "\(result)")
        let messages = try server.messages()
        #expect(messages.count == 3)
        // Three different bodies, each with its own body hash, all verified.
        var lengths = Set<Int>()
        for message in messages { lengths.insert(try PythonEmail.inspect(message.bytes).texts[0].count) }
        #expect(lengths.count == 3)
        try expectVerified(messages.map(\.bytes), keys: keys)
    }

    @Test func aTwentyFiveItemIssueVerifies() throws {
        let server = try TestSMTPServer()
        let (workspace, keys) = try workspace(server, algorithms: ["ed25519", "rsa"], exampleItems: false)
        let topics = [
            "Online safety", "Early years", "Information sharing", "Child sexual abuse",
            "Exploitation – county lines",
        ]
        for index in 1...25 {
            let day = String(format: "2026-11-%02d", index)
            try workspace.addItem(
                "item-\(index)",
                topic: topics[index % topics.count],
                title: "Briefing \(index) – what practitioners asked about “consent” and safeguarding referrals",
                date: day,
                summary: """
                    A council review looked at how \(index) schools and nurseries record concerns, and found that \
                    staff wanted *clearer guidance* on when to share information — with parents, with the police, \
                    and with health visitors.\t Tabs   and runs of spaces stay as written.

                    - Théo, a designated safeguarding lead, said the new form saved time.
                    - The review recommends refresher training every year.
                    """
            )
        }
        let result = try workspace.run("send")
        #expect(result.status == 0, "\(result)")
        let messages = try server.messages()
        #expect(messages.count == 3)
        let first = try #require(messages.first)
        #expect(try PythonEmail.inspect(first.bytes).texts.first?.contains("Briefing 25") == true)
        try expectVerified(messages.map(\.bytes), keys: keys)
    }

    /// `message` with the first occurrence of `old` replaced by `new`.
    private func replacing(
        _ old: String,
        with new: String,
        in message: [UInt8],
        afterHeader: Bool = false
    ) throws -> [UInt8] {
        var text = String(decoding: message, as: UTF8.self)
        let start = afterHeader ? try #require(text.range(of: "\r\n\r\n")).upperBound : text.startIndex
        let range = try #require(text.range(of: old, range: start..<text.endIndex), "\(old) not in the message")
        text.replaceSubrange(range, with: new)
        return Array(text.utf8)
    }

    @Test func tamperedMessagesFailVerification() throws {
        let server = try TestSMTPServer()
        let (workspace, keys) = try workspace(server, algorithms: ["rsa", "ed25519"])
        #expect(try workspace.run("send").status == 0)
        let original = try #require(try server.messages().first { $0.recipient == "ada@example.org" }).bytes
        try expectVerified([original], keys: keys)

        let subject = try #require(headerLines(original).first { $0.hasPrefix("Subject:") })
        let body = String(decoding: original, as: UTF8.self).components(separatedBy: "\r\n\r\n")[1...].joined()
        let word = try #require(
            body.range(of: "Ofcom") != nil
                ? "Ofcom"
                : body.split(separator: " ").first.map(String.init)
        )
        let changedWord = word.lowercased() == word ? word.uppercased() : word.lowercased()
        let tampered: [(String, [UInt8])] = [
            ("a changed body byte", try replacing(word, with: changedWord, in: original, afterHeader: true)),
            (
                "a changed Subject",
                try replacing(String(subject), with: "Subject: Urgent: update your details", in: original)
            ),
            ("a second From at the top", Array("From: Attacker <news@example.org>\r\n".utf8) + original),
            (
                "a second From below the first",
                try replacing("\r\nFrom: ", with: "\r\nFrom: Attacker <news@example.org>\r\nFrom: ", in: original)
            ),
        ]
        let reports = try DKIMVerifier.verify(tampered.map(\.1), records: records(keys))
        for ((what, _), signatures) in zip(tampered, reports) {
            #expect(signatures.count == 2, "\(what): \(signatures)")
            #expect(signatures.allSatisfy { !$0.verified }, "\(what) still verified: \(signatures)")
        }
    }

    @Test func previewTestSendAndAlertAreSignedToo() throws {
        let server = try TestSMTPServer()
        let (workspace, keys) = try workspace(server, algorithms: ["ed25519"])
        let preview = try workspace.run("preview", "--format", "eml", "--to", "grace@example.org")
        #expect(preview.status == 0, "\(preview)")
        #expect(preview.output.hasPrefix("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.org;"))
        try expectVerified([[UInt8](preview.stdout)], keys: keys)

        #expect(try workspace.run("send", "--to", "tester@example.org").status == 0)
        #expect(try workspace.run("alert", "--topic", "Online safety").status == 0)
        let messages = try server.messages()
        #expect(Set(messages.map(\.recipient)).isSuperset(of: ["tester@example.org", "grace@example.org"]))
        try expectVerified(messages.map(\.bytes), keys: keys)
    }

    @Test func checkConfirmsEveryKey() throws {
        let (workspace, _) = try workspace(nil, algorithms: ["ed25519", "rsa"])
        let check = try workspace.run("check")
        #expect(check.status == 0, "\(check)")
        #expect(
            check.output.contains(
                "DKIM s2026e0._domainkey.example.org ed25519, s2026r1._domainkey.example.org rsa 2048 bits"
            )
        )
    }

    @Test func aParentOfTheFromDomainAligns() throws {
        let server = try TestSMTPServer()
        let (workspace, keys) = try workspace(server, algorithms: ["ed25519"])
        workspace.extraConfig["from"] = "Safeguarding Weekly <news@lists.example.org>"
        try workspace.writeConfig()
        #expect(try workspace.run("send").status == 0)
        try expectVerified(try server.messages().map(\.bytes), keys: keys)
    }

    @Test func pkcs1RSAKeysFromOpenSSLWork() throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace()
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 2, "timeoutSeconds": 10, "maxAttempts": 2]
        let key = workspace.folder.path("legacy.pem")
        let openssl = try openSSL(["genrsa", "-traditional", "-out", key, "3072"], in: workspace)
        #expect(openssl.status == 0, "\(openssl)")
        #expect(try String(contentsOfFile: key, encoding: .utf8).hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        let publicKey = try openSSL(["rsa", "-in", key, "-pubout", "-outform", "DER"], in: workspace)
        let record = "v=DKIM1; k=rsa; p=" + publicKey.stdout.base64EncodedString()
        workspace.extraConfig["dkim"] = [
            ["domain": "example.org", "selector": "legacy", "algorithm": "rsa", "keyFile": "legacy.pem"]
        ]
        try workspace.writeConfig()
        let check = try workspace.run("check")
        #expect(check.output.contains("legacy._domainkey.example.org rsa 3072 bits"), "\(check)")
        #expect(try workspace.run("send").status == 0)
        let reports = try DKIMVerifier.verify(
            try server.messages().map(\.bytes),
            records: ["legacy._domainkey.example.org": record]
        )
        #expect(reports.count == 3)
        #expect(reports.allSatisfy { $0.count == 1 && $0[0].verified }, "\(reports)")
    }

    /// `newsletter ARGUMENTS --config CONFIG` in the workspace.
    private func run(_ workspace: Workspace, _ arguments: [String]) throws -> CommandResult {
        try Command.run(Workspace.binary, arguments + ["--config", workspace.config.path], in: workspace.folder.url)
    }

    private func openSSL(_ arguments: [String], in workspace: Workspace) throws -> CommandResult {
        let path = "/usr/bin/openssl"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSupportError(description: "openssl is missing: apt-get install openssl")
        }
        return try Command.run(URL(fileURLWithPath: path), arguments, in: workspace.folder.url)
    }

    /// Bad keys and key entries: exit status and the one line naming the key.
    @Test func badKeysAreRefusedWithOneLineNamingTheKey() throws {
        let workspace = try Workspace()
        let ed = try keygen(workspace, "ed25519", selector: "good")
        let short = workspace.folder.path("keys/short.pem")
        #expect(try openSSL(["genrsa", "-out", short, "1024"], in: workspace).status == 0)
        _ = try workspace.folder.write("this is not a key\n", to: "keys/garbage.pem")
        let certificate = try TestCertificate()
        let folder = workspace.folder.url.standardizedFileURL.path
        let cases: [(entry: [String: String], status: Int32, message: String)] = [
            (
                ["domain": "example.org", "selector": "gone", "algorithm": "ed25519", "keyFile": "keys/missing.pem"],
                66,
                "dkim[0] (gone): keyFile \(folder)/keys/missing.pem does not exist"
            ),
            (
                ["domain": "example.org", "selector": "mixed", "algorithm": "rsa", "keyFile": "keys/good.pem"], 78,
                "dkim[0] (mixed): keyFile"
            ),
            (
                ["domain": "example.org", "selector": "short", "algorithm": "rsa", "keyFile": "keys/short.pem"], 78,
                "is an RSA key of 1024 bits; DKIM needs 2048 bits or more"
            ),
            (
                ["domain": "example.org", "selector": "junk", "algorithm": "ed25519", "keyFile": "keys/garbage.pem"],
                78,
                "dkim[0] (junk): keyFile"
            ),
            (
                [
                    "domain": "example.org", "selector": "cert", "algorithm": "rsa",
                    "keyFile": certificate.certificatePath,
                ], 78,
                "holds a 'CERTIFICATE' block, not a private key"
            ),
            (
                ["domain": "example.org", "selector": "dir", "algorithm": "ed25519", "keyFile": "keys"], 78,
                "is a folder"
            ),
            (
                ["domain": "example.com", "selector": "good", "algorithm": "ed25519", "keyFile": "keys/good.pem"], 78,
                "dkim[0] (good): domain example.com does not match the From domain example.org"
            ),
            (
                ["domain": "mail.example.org", "selector": "good", "algorithm": "ed25519", "keyFile": "keys/good.pem"],
                78,
                "does not match the From domain"
            ),
            (
                ["domain": "example.org", "selector": "good", "algorithm": "dsa", "keyFile": "keys/good.pem"], 78,
                "dkim[0] (good): algorithm 'dsa' is not one of rsa, ed25519"
            ),
            (
                [
                    "domain": "example.org", "selector": "bad selector", "algorithm": "ed25519",
                    "keyFile": "keys/good.pem",
                ], 78,
                "selector must be"
            ),
            (
                [
                    "domain": "example.org", "selector": "good", "algorithm": "ed25519", "keyFile": "keys/good.pem",
                    "keyfile": "x",
                ], 78,
                "unknown key 'keyfile'"
            ),
        ]
        for (entry, status, message) in cases {
            workspace.extraConfig["dkim"] = [entry]
            try workspace.writeConfig()
            for command in [["check"], ["preview", "--format", "eml"], ["send"]] {
                let result = try run(workspace, command)
                #expect(result.status == status, "\(entry) \(command): \(result)")
                let lines = result.stderr.split(separator: "\n")
                #expect(lines.count == 1 && lines[0].contains(message), "\(entry) \(command): \(result.stderr)")
                #expect(result.stdout.isEmpty)
            }
        }
        _ = ed
        // Not a list, and an entry that is not an object.
        for value in [cases[0].entry as Any, ["keys/good.pem"] as Any] {
            workspace.extraConfig["dkim"] = value
            try workspace.writeConfig()
            let result = try run(workspace, ["check"])
            #expect(result.status == 78, "\(result)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(result.stderr)")
            #expect(
                result.stderr.contains("dkim: must be a list of keys")
                    || result.stderr.contains("dkim[0]: must be an object"),
                "\(result.stderr)"
            )
        }
        workspace.extraConfig["dkim"] = cases[0].entry
        try workspace.writeConfig()
        #expect(try run(workspace, ["check"]).stderr.contains("dkim: must be a list of keys"))
        // The wrong-type line says what the key is.
        workspace.extraConfig["dkim"] = [cases[1].entry]
        try workspace.writeConfig()
        #expect(try workspace.run("check").stderr.contains("is an Ed25519 key, but the algorithm is rsa"))
    }

    @Test func keygenNeverOverwritesAndChecksItsArguments() throws {
        let workspace = try Workspace()
        let key = try keygen(workspace, "ed25519", selector: "s1")
        let file = workspace.folder.path("keys/s1.pem")
        let before = try Data(contentsOf: URL(fileURLWithPath: file))
        let again = try workspace.run("dkim", "keygen", "--algorithm", "ed25519", "--selector", "s1", "--out", file)
        #expect(again.status == 64, "\(again)")
        #expect(again.stderr.contains("already exists; it is never overwritten"))
        #expect(again.stdout.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)
        #expect(key.recordValue.count < 255)

        // RSA 4096: the record's value is split into strings of at most 255 bytes.
        let big = try workspace.run(
            "dkim",
            "keygen",
            "--algorithm",
            "rsa",
            "--selector",
            "big",
            "--bits",
            "4096",
            "--out",
            workspace.folder.path("big.pem")
        )
        #expect(big.status == 0, "\(big)")
        let strings = big.output.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        #expect(strings.count == 3, "\(big.output)")
        #expect(strings.allSatisfy { $0.utf8.count <= 255 })
        #expect(strings.dropLast().allSatisfy { $0.utf8.count == 255 })
        #expect(big.stderr.contains("4096-bit RSA"))

        for (arguments, hint) in [
            (["--algorithm", "dsa", "--selector", "x"], "--algorithm"),
            (["--algorithm", "rsa", "--selector", "x", "--bits", "1024"], "--bits"),
            (["--algorithm", "ed25519", "--selector", "x", "--bits", "2048"], "--bits"),
            (["--algorithm", "ed25519", "--selector", "a b"], "--selector"),
            (["--algorithm", "ed25519", "--selector", "x", "--domain", "not a domain"], "--domain"),
        ] {
            let result = try run(
                workspace,
                ["dkim", "keygen"] + arguments + ["--out", workspace.folder.path("x.pem")]
            )
            #expect(result.status == 64, "\(arguments): \(result)")
            #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(hint), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: workspace.folder.path("x.pem")))
        }

        // Without a readable config the domain must be given.
        let elsewhere = try TemporaryFolder(prefix: "keygen")
        let keygen = ["dkim", "keygen", "--algorithm", "ed25519", "--selector", "x"]
        let noConfig = try Command.run(Workspace.binary, keygen, in: elsewhere.url)
        #expect(noConfig.status == 64, "\(noConfig)")
        #expect(noConfig.stderr.contains("--domain: required"))
        let withDomain = try Command.run(
            Workspace.binary,
            keygen + ["--domain", "Example.NET"],
            in: elsewhere.url
        )
        #expect(withDomain.status == 0, "\(withDomain)")
        #expect(withDomain.output.hasPrefix("x._domainkey.example.net. IN TXT \"v=DKIM1; k=ed25519; p="))
        #expect(FileManager.default.fileExists(atPath: elsewhere.path("x.pem")), "the default file is SELECTOR.pem")
    }

    @Test func theLettersServeSendsAReaderAreSignedToo() async throws {
        let server = try TestSMTPServer()
        let (workspace, keys) = try workspace(server, algorithms: ["rsa", "ed25519"])
        workspace.extraConfig["subscribe"] = ["url": "https://news.example.org/subscribe", "consent": "Send it to me."]
        try workspace.useReaderEndpoint(archive: false)
        let serve = try await ServeProcess(workspace)
        let form = try await HTTP.request(serve.url("/subscribe"))
        let stamp = try #require(form.body.firstMatch(of: try Regex(#"name="stamp" value="([A-Za-z0-9_-]+)""#)))
        try await Task.sleep(for: .milliseconds(2200))
        let body = "email=signed%40example.com&stamp=\(stamp.output[1].substring ?? "")"
        _ = try await HTTP.request(serve.url("/subscribe"), method: "POST", body: Data(body.utf8))
        var letters: [[UInt8]] = []
        for _ in 0..<200 where letters.isEmpty {
            letters = try server.messages().map(\.bytes)
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try serve.stop().status == 0)
        // A confirmation is the list's own message to one person, not list mail: no List-* fields to sign.
        let reports = try DKIMVerifier.verify(letters, records: records(keys))
        #expect(reports.count == 1)
        for signatures in reports {
            #expect(signatures.count == 2 && signatures.allSatisfy(\.verified), "\(signatures)")
        }
    }
}
