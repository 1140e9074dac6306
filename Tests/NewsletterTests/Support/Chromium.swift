import Foundation
import TestSupport

/// Headless Chromium (Debian's `chromium`), to render archive pages as a browser does.
enum Chromium {
    static let hint = "headless Chromium is missing: apt-get install chromium (scripts/test.sh installs it)"

    /// The executable, or a failure with the install hint.
    static func executable() throws -> URL {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        throw HTTP.Failure(description: hint)
    }

    /// The DOM of `page` after Chromium loaded and laid it out.
    static func dumpDOM(_ page: URL) throws -> CommandResult {
        let profile = try TemporaryFolder(prefix: "chromium-profile")
        return try Command.run(
            try executable(),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.url.path)",
                "--dump-dom", page.absoluteString,
            ],
            timeout: 90
        )
    }
}
