// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "newsletter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "newsletter", targets: ["newsletter"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // System libraries.
        // libcurl, with typed shims for its variadic functions.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // libcmark, the CommonMark reference parser.
        .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),

        // Foundations: no project target below them. See ARCHITECTURE.md for the layers.
        // The vocabulary every layer shares: items, days, readers and editions, who receives a mailing (Audience),
        // the bounce kinds, the one clock, the file helpers, NewsletterError.
        .target(name: "NewsletterCore", dependencies: ["TextBasics"]),
        // Text helpers on bytes and scalars: ASCII classes, hex, HTML escaping and plain text, Mustache tags,
        // code-point names.
        .target(name: "TextBasics"),
        // HMAC-SHA256 keys with rotation; the signed tokens of unsubscribe, confirmation and page links, form
        // stamps, VERP senders and erased addresses.
        .target(
            name: "Signing",
            dependencies: ["TextBasics", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // DKIM signing (RFC 6376, RFC 8463): canonicalization, hashes, signatures, keys. No I/O but reading key files.
        .target(
            name: "DKIM",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // Markdown summaries parsed by cmark, rendered as safe HTML and wrapped plain text; no I/O.
        .target(name: "Markdown", dependencies: ["CCmark", "TextBasics"]),
        // Mail messages without I/O, both ways: headers, encoded words, quoted-printable, dates, mailboxes,
        // the message template; and the tolerant reading of received messages (entities, decodings).
        .target(name: "MIME", dependencies: ["TextBasics"]),
        // libcurl for simple request-and-response transfers (feeds, report inboxes), and its one initialisation.
        .target(name: "Curl", dependencies: ["CCurl"]),

        // The domain: what the list is and does, without I/O but reading its own files.
        // newsletter.json: the settings, every validator, the SMTP rules, the secrets.
        .target(name: "Settings", dependencies: ["NewsletterCore", "TextBasics", "MIME", "DKIM", "Signing"]),
        // The item file format, both ways: reading and checking the items folder, writing a new item file.
        .target(
            name: "ItemFormat",
            dependencies: ["NewsletterCore", "TextBasics", .product(name: "Yams", package: "Yams")]
        ),
        // The subscriber file (read, rewritten on erasure, exported), selection, rendering, each reader's message
        // (MessageFactory) and the letters serve mails readers (ReaderLetterFactory).
        .target(
            name: "Composer",
            dependencies: [
                "NewsletterCore", "Settings", "Signing", "DKIM", "Markdown", "MIME", "TextBasics",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Reading delivery reports, complaints and mailed unsubscribes: DSN, ARF, bounce texts, mbox; the one rule
        // table (RefusalRules); no I/O.
        .target(
            name: "BounceReports",
            dependencies: ["NewsletterCore", "MIME", "TextBasics", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Intake without I/O: archived plain-text bulletins, feeds (RSS, Atom, JSON Feed).
        .target(name: "IntakeCore", dependencies: ["NewsletterCore", "TextBasics"]),
        // The state database, a folder per concept: mailings (items carried, deliveries, editions), readers
        // (sign-ups, letters, suppressions, erasure), bounces, feeds, the schema.
        .target(
            name: "Ledger",
            dependencies: ["NewsletterCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The static web archive: one page per issue, an index and an Atom feed, written atomically.
        .target(
            name: "WebArchive",
            dependencies: ["NewsletterCore", "Settings", "Composer", "Ledger", "MIME", "TextBasics"]
        ),

        // The application layer: what send, alert, preview, check, status and bounces do, and the readers' desk
        // (sign-up, confirmation, a reader's page, erasure, the letter courier). Mail goes out and reports
        // come in through its ports (MailingTransport, ReportInboxService, ReaderDirectory); no libcurl.
        .target(
            name: "Publishing",
            dependencies: [
                "NewsletterCore", "Settings", "Composer", "ItemFormat", "Ledger", "BounceReports", "Signing",
                "WebArchive",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Adapters: the ports' implementations and the other doors to the outside.
        // SMTP over libcurl: the delivery of a mailing to its recipients, test copies and readers' letters through
        // the relay pool (Publishing's mail port, MailingTransport).
        .target(
            name: "Mailer",
            dependencies: [
                "NewsletterCore", "Settings", "Ledger", "Publishing", "MIME", "TextBasics", "Curl", "CCurl",
                "BounceReports",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The report inbox over libcurl, IMAP and POP3: Publishing's ReportInboxService.
        .target(name: "ReportInboxes", dependencies: ["NewsletterCore", "Settings", "Publishing", "Curl", "CCurl"]),
        // The readers' web endpoint (`newsletter serve`) on Hummingbird: HTTP, the pages and the per-client
        // counters for Publishing's ReaderDesk (sign-up, a reader's page); one-click unsubscribe; the archive.
        .target(
            name: "WebEndpoint",
            dependencies: [
                "NewsletterCore", "Settings", "Ledger", "Publishing", "Signing", "TextBasics", "MIME",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Intake's I/O: importing bulletins, fetching feeds over libcurl, new item files, init's starter folder.
        .target(
            name: "Intake",
            dependencies: [
                "NewsletterCore", "Settings", "Composer", "ItemFormat", "IntakeCore", "Ledger", "Curl", "CCurl",
                "TextBasics", .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The command line: parses arguments, wires the adapters into Publishing, prints; maps errors to exits.
        .executableTarget(
            name: "newsletter",
            dependencies: [
                "NewsletterCore", "Settings", "Composer", "DKIM", "Ledger", "Publishing", "Mailer", "ReportInboxes",
                "WebEndpoint", "Intake",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // On demand: composing alone, no network (see scripts/benchmark.sh).
        .executableTarget(
            name: "compose-benchmark",
            dependencies: ["NewsletterCore", "Settings", "Composer", "ItemFormat"],
            path: "Benchmarks/ComposeBenchmark"
        ),

        // Shared by the tests: the real SMTP server (aiosmtpd), Python's email parser, temporary folders.
        .target(name: "TestSupport", path: "Tests/TestSupport", exclude: ["Fixtures"]),
        .testTarget(name: "TextBasicsTests", dependencies: ["TextBasics"]),
        .testTarget(name: "NewsletterCoreTests", dependencies: ["NewsletterCore"]),
        .testTarget(name: "SettingsTests", dependencies: ["Settings", "NewsletterCore", "Signing", "TestSupport"]),
        .testTarget(
            name: "ComposerTests",
            dependencies: [
                "Composer", "ItemFormat", "NewsletterCore", "Settings", "Markdown", "MIME", "Signing", "TestSupport",
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown", "TestSupport"]),
        .testTarget(name: "ItemFormatTests", dependencies: ["ItemFormat", "NewsletterCore", "TestSupport"]),
        .testTarget(name: "MIMETests", dependencies: ["MIME", "TestSupport"]),
        .testTarget(name: "SigningTests", dependencies: ["Signing"]),
        .testTarget(name: "CurlTests", dependencies: ["Curl", "CCurl"]),
        .testTarget(name: "DKIMTests", dependencies: ["DKIM", "TestSupport"]),
        .testTarget(
            name: "LedgerTests",
            dependencies: ["Ledger", "NewsletterCore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "MailerTests",
            dependencies: ["Mailer", "Settings", "CCurl", "TestSupport"]
        ),
        .testTarget(
            name: "PublishingTests",
            dependencies: [
                "NewsletterCore", "Settings", "Composer", "Ledger", "Publishing", "Signing", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "NewsletterTests",
            dependencies: [
                "newsletter", "NewsletterCore", "Settings", "Composer", "ItemFormat", "TestSupport", "Signing",
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "IntakeCoreTests",
            dependencies: ["IntakeCore", "NewsletterCore", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "BounceReportsTests",
            dependencies: ["BounceReports", "NewsletterCore"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ReportInboxesTests",
            dependencies: ["ReportInboxes", "NewsletterCore", "Publishing", "Settings", "TestSupport"]
        ),
        .testTarget(
            name: "WebArchiveTests",
            dependencies: ["NewsletterCore", "Settings", "Composer", "Ledger", "WebArchive", "TestSupport"]
        ),
        .testTarget(
            name: "WebEndpointTests",
            dependencies: [
                "WebEndpoint", "NewsletterCore", "Ledger", "Signing", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// On demand only (scripts/fuzz.sh sets NEWSLETTER_FUZZ=1): a libFuzzer target for each parser of
// outside input, built with `-sanitize=fuzzer,address`; `Fuzz/Corpus/NAME` holds each one's seeds.
if ProcessInfo.processInfo.environment["NEWSLETTER_FUZZ"] == "1" {
    let fuzzers: [(name: String, dependencies: [Target.Dependency])] = [
        ("Feeds", ["IntakeCore"]), ("HTML", ["TextBasics"]), ("Reports", ["BounceReports"]),
        ("Items", ["ItemFormat", "NewsletterCore", "Markdown"]), ("Subscribers", ["Composer", "NewsletterCore"]),
        ("Config", ["Settings"]), ("HTTP", ["WebEndpoint", "Signing", "NewsletterCore"]), ("Bulletins", ["IntakeCore"]),
    ]
    package.targets.append(.target(name: "FuzzSupport", path: "Fuzz/Support"))
    for fuzzer in fuzzers {
        package.targets.append(
            .executableTarget(
                name: "fuzz-\(fuzzer.name.lowercased())",
                dependencies: ["FuzzSupport"] + fuzzer.dependencies,
                path: "Fuzz/\(fuzzer.name)"
            )
        )
    }
}
