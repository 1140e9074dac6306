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
        // The vocabulary every layer shares: items, days, subscribers, bulletins, NewsletterError.
        .target(name: "NewsletterCore"),
        // Text helpers on bytes and scalars: ASCII classes, hex, HTML escaping and plain text, Mustache tags.
        .target(name: "TextBasics"),
        // HMAC-SHA256 keys with rotation, and the signed tokens of unsubscribe links and VERP senders.
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
        // libcurl for simple request-and-response transfers (feeds, mailboxes), and its one initialisation.
        .target(name: "Curl", dependencies: ["CCurl"]),

        // The domain: what the list is and does, without I/O but reading its own files.
        // newsletter.json: the settings, every validator, the SMTP rules, secrets and private files.
        .target(name: "Settings", dependencies: ["NewsletterCore", "TextBasics", "MIME", "DKIM", "Signing"]),
        // Items and subscribers read, selection, rendering, and each reader's message (MessageFactory).
        .target(
            name: "Composer",
            dependencies: [
                "NewsletterCore", "Settings", "Signing", "DKIM", "Markdown", "MIME", "TextBasics",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Reading delivery reports, complaints and mailed unsubscribes: DSN, ARF, bounce texts, mbox; no I/O.
        .target(
            name: "BounceReports",
            dependencies: ["MIME", "TextBasics", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Intake without I/O: archived plain-text bulletins, feeds (RSS, Atom, JSON Feed), item files.
        .target(name: "IntakeCore", dependencies: ["NewsletterCore", "TextBasics"]),
        // The state database: issues, alerts, the items they carried, deliveries, suppressions, bounces.
        .target(
            name: "Ledger",
            dependencies: ["NewsletterCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The static web archive: one page per issue, an index and an Atom feed, written atomically.
        .target(
            name: "WebArchive",
            dependencies: ["NewsletterCore", "Settings", "Composer", "Ledger", "TextBasics"]
        ),

        // The application layer: what send, alert, preview, check, status and bounces do. Mail goes out
        // and reports come in through its ports (MailingTransport, ReportInboxService); no libcurl.
        .target(
            name: "Publishing",
            dependencies: [
                "NewsletterCore", "Settings", "Composer", "Ledger", "BounceReports", "Signing", "WebArchive",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Adapters: the ports' implementations and the other doors to the outside.
        // SMTP over libcurl and the delivery of a mailing to its recipients: Publishing's MailingTransport.
        .target(
            name: "Mailer",
            dependencies: [
                "NewsletterCore", "Settings", "Ledger", "Publishing", "MIME", "TextBasics", "Curl", "CCurl",
                "BounceReports",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The bounce mailbox over libcurl, IMAP and POP3: Publishing's ReportInboxService.
        .target(name: "BounceMailbox", dependencies: ["NewsletterCore", "Settings", "Publishing", "Curl", "CCurl"]),
        // The readers' web endpoint (`newsletter serve`) on Hummingbird: one-click unsubscribe, its pages, the archive.
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
                "NewsletterCore", "Settings", "Composer", "IntakeCore", "Ledger", "Curl", "CCurl",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The command line: parses arguments, wires the adapters into Publishing, prints; maps errors to exits.
        .executableTarget(
            name: "newsletter",
            dependencies: [
                "NewsletterCore", "Settings", "Composer", "DKIM", "Ledger", "Publishing", "Mailer", "BounceMailbox",
                "WebEndpoint", "Intake",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // On demand: composing alone, no network (see scripts/benchmark.sh).
        .executableTarget(
            name: "compose-benchmark",
            dependencies: ["NewsletterCore", "Settings", "Composer"],
            path: "Benchmarks/ComposeBenchmark"
        ),

        // Shared by the tests: the real SMTP server (aiosmtpd), Python's email parser, temporary folders.
        .target(name: "TestSupport", path: "Tests/TestSupport", exclude: ["Fixtures"]),
        .testTarget(name: "TextBasicsTests", dependencies: ["TextBasics", "TestSupport"]),
        .testTarget(name: "SettingsTests", dependencies: ["Settings", "NewsletterCore", "Signing", "TestSupport"]),
        .testTarget(
            name: "ComposerTests",
            dependencies: ["Composer", "NewsletterCore", "Settings", "Markdown", "MIME", "TextBasics", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown", "TestSupport"]),
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
            dependencies: ["Mailer", "NewsletterCore", "Settings", "Composer", "TestSupport"]
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
            dependencies: ["newsletter", "NewsletterCore", "Settings", "Composer", "TestSupport", "Signing"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "IntakeCoreTests",
            dependencies: ["IntakeCore", "NewsletterCore", "Composer", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "BounceReportsTests",
            dependencies: ["BounceReports", "MIME", "Signing"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "BounceMailboxTests",
            dependencies: ["BounceMailbox", "NewsletterCore", "Publishing", "TestSupport"]
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
                .product(name: "HummingbirdTesting", package: "hummingbird"),
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
        ("Items", ["Composer", "NewsletterCore", "Markdown"]), ("Subscribers", ["Composer", "NewsletterCore"]),
        ("Config", ["Settings"]), ("HTTP", ["WebEndpoint", "Signing"]), ("Bulletins", ["IntakeCore"]),
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
