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

extension Chromium {
    /// How a screenshot is taken: a window size, and light or dark colour scheme.
    struct View: Sendable, CustomStringConvertible {
        let name: String
        let width: Int
        let height: Int
        let dark: Bool

        var description: String { name }

        /// A desktop window.
        static let desktop = View(name: "desktop", width: 1000, height: 9000, dark: false)
        /// A phone-wide window (390 CSS pixels, an iPhone's width) at a scale factor of 1.
        static let phone = View(name: "phone", width: 390, height: 12000, dark: false)
        /// The desktop window with the system's dark mode on (`prefers-color-scheme: dark`).
        static let dark = View(name: "dark", width: 1000, height: 9000, dark: true)
    }

    /// Renders `page` in `view` and writes a PNG screenshot of the window to `file`.
    static func screenshot(_ page: URL, in view: View, to file: URL) throws {
        let profile = try TemporaryFolder(prefix: "chromium-profile")
        var arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
            "--user-data-dir=\(profile.url.path)", "--window-size=\(view.width),\(view.height)",
            "--screenshot=\(file.path)",
        ]
        if view.dark { arguments.append("--force-dark-mode") }
        let result = try Command.run(try executable(), arguments + [page.absoluteString], timeout: 120)
        guard result.status == 0, FileManager.default.fileExists(atPath: file.path) else {
            throw HTTP.Failure(description: "chromium took no screenshot of \(page.lastPathComponent): \(result)")
        }
    }
}
