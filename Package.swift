// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "newsletter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "newsletter", targets: ["newsletter"]),
        .library(name: "Composer", targets: ["Composer"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "Mailer", targets: ["Mailer"]),
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
        // libcurl for simple request-and-response transfers: feeds, mailboxes.
        .target(name: "Curl", dependencies: ["CCurl"]),
        // HMAC-SHA256 keys with rotation, and the signed tokens of unsubscribe links.
        .target(name: "Signing", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Items, subscribers, configuration, selection, rendering and MIME.
        .target(
            name: "Composer",
            dependencies: [
                "Signing",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The state database: issues, alerts, the items they carried, deliveries, suppressions.
        .target(
            name: "Ledger",
            dependencies: [
                "Composer",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The static web archive: one page per issue, an index and an Atom feed, written atomically.
        .target(name: "WebArchive", dependencies: ["Composer", "Ledger"]),
        // SMTP over libcurl and the delivery of a mailing to its recipients.
        .target(
            name: "Mailer",
            dependencies: [
                "CCurl", "Composer", "Ledger", "Signing", "WebArchive",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The readers' web endpoint (`newsletter serve`): one-click unsubscribe, its pages, the archive.
        .target(
            name: "Readers",
            dependencies: [
                "Composer", "Ledger", "Signing",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "newsletter",
            dependencies: [
                "Composer", "Ledger", "Mailer", "Readers", "WebArchive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // On demand: composing alone, no network (see scripts/benchmark.sh).
        .executableTarget(name: "compose-benchmark", dependencies: ["Composer"], path: "Benchmarks/ComposeBenchmark"),
        // Shared by the tests: the real SMTP server (aiosmtpd), Python's email parser, temporary folders.
        .target(name: "TestSupport", path: "Tests/TestSupport", exclude: ["Fixtures"]),
        .testTarget(name: "ComposerTests", dependencies: ["Composer", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "SigningTests", dependencies: ["Signing"]),
        .testTarget(name: "CurlTests", dependencies: ["Curl", "CCurl"]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "TestSupport"]),
        .testTarget(name: "MailerTests", dependencies: ["Mailer", "TestSupport"]),
        .testTarget(name: "NewsletterTests", dependencies: ["newsletter", "TestSupport"]),
        .testTarget(name: "WebArchiveTests", dependencies: ["WebArchive", "TestSupport"]),
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
