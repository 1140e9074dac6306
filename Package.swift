// swift-tools-version:6.0
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
    ],
    targets: [
        // libcurl, with typed shims for its variadic functions.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // libcmark, the CommonMark reference parser.
        .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
        // libcurl for simple request-and-response transfers: feeds, mailboxes.
        .target(name: "Curl", dependencies: ["CCurl"]),
        // HMAC-SHA256 keys with rotation, and the signed tokens of unsubscribe links.
        .target(name: "Signing", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // DKIM signing (RFC 6376, RFC 8463): canonicalization, hashes, signatures, keys. No I/O but reading key files.
        .target(
            name: "DKIM",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // US-ASCII byte classes and HTML escaping: what the MIME and Markdown code share.
        .target(name: "TextBasics"),
        // Markdown summaries parsed by cmark, rendered as safe HTML and wrapped plain text; no I/O.
        .target(name: "Markdown", dependencies: ["CCmark", "TextBasics"]),
        // Mail messages without I/O: headers, encoded words, quoted-printable, dates, mailboxes, the template.
        .target(name: "MIME", dependencies: ["TextBasics"]),
        // Items, subscribers, configuration, selection and rendering.
        .target(
            name: "Composer",
            dependencies: [
                "Signing",
                "DKIM",
                "Markdown",
                "MIME",
                "TextBasics",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Reading delivery reports, complaints and mailed unsubscribes: MIME, DSN, ARF, bounce texts; no I/O.
        .target(name: "BounceReports", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The report mailbox over libcurl: IMAP and POP3.
        .target(name: "Mailbox", dependencies: ["Curl", "CCurl"]),
        // The state database: issues, alerts, the items they carried, deliveries, suppressions.
        .target(
            name: "Ledger",
            dependencies: [
                "Composer",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The static web archive: one page per issue, an index and an Atom feed, written atomically.
        .target(name: "WebArchive", dependencies: ["Composer", "Ledger", "MIME", "TextBasics"]),
        // What send, alert, preview, check, status and bounces do; mail goes out through ports, no libcurl.
        .target(
            name: "Publishing",
            dependencies: [
                "BounceReports", "Composer", "Ledger", "Signing", "WebArchive",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // SMTP over libcurl and the delivery of a mailing to its recipients: Publishing's transports.
        .target(
            name: "Mailer",
            dependencies: [
                "CCurl", "Composer", "Ledger", "Mailbox", "Publishing", "TextBasics",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The readers' web endpoint (`newsletter serve`): one-click unsubscribe, its pages, the archive.
        .target(
            name: "Readers",
            dependencies: [
                "Composer", "Ledger", "Signing", "TextBasics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Intake without I/O: archived plain-text bulletins, feeds (RSS, Atom, JSON Feed), item files.
        .target(name: "Intake", dependencies: ["Composer"]),
        // Intake's I/O: importing bulletins, fetching feeds over libcurl, writing item files.
        .target(
            name: "Harvester",
            dependencies: [
                "CCurl", "Composer", "Curl", "Intake", "Ledger",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "newsletter",
            dependencies: [
                "Composer", "DKIM", "Ledger", "Mailer", "Publishing", "Intake", "Harvester", "Readers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // On demand: composing alone, no network (see scripts/benchmark.sh).
        .executableTarget(name: "compose-benchmark", dependencies: ["Composer"], path: "Benchmarks/ComposeBenchmark"),
        // Shared by the tests: the real SMTP server (aiosmtpd), Python's email parser, temporary folders.
        .target(name: "TestSupport", path: "Tests/TestSupport", exclude: ["Fixtures"]),
        .testTarget(
            name: "ComposerTests",
            dependencies: ["Composer", "Markdown", "MIME", "TextBasics", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown", "TestSupport"]),
        .testTarget(name: "MIMETests", dependencies: ["MIME", "TestSupport"]),
        .testTarget(name: "SigningTests", dependencies: ["Signing"]),
        .testTarget(name: "CurlTests", dependencies: ["Curl", "CCurl"]),
        .testTarget(name: "DKIMTests", dependencies: ["DKIM", "TestSupport"]),
        .testTarget(
            name: "LedgerTests",
            dependencies: ["Ledger", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "MailerTests", dependencies: ["Mailer", "TestSupport"]),
        .testTarget(
            name: "PublishingTests",
            dependencies: [
                "Composer", "Ledger", "Publishing", "TestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "NewsletterTests",
            dependencies: ["newsletter", "Composer", "TestSupport", "Signing"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "IntakeTests", dependencies: ["Intake", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "BounceReportsTests", dependencies: ["BounceReports", "Signing"], exclude: ["Fixtures"]),
        .testTarget(name: "MailboxTests", dependencies: ["Mailbox", "TestSupport"]),
        .testTarget(name: "WebArchiveTests", dependencies: ["Composer", "Ledger", "WebArchive", "TestSupport"]),
        .testTarget(
            name: "ReadersTests",
            dependencies: [
                "Readers", "Signing", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
