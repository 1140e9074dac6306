import Foundation

/// A fresh folder under the system's temporary folder, removed when the value is released.
package final class TemporaryFolder: @unchecked Sendable {
    // @unchecked: the only stored property is an immutable URL; the class exists for its deinit.

    /// The folder.
    package let url: URL

    /// Creates an empty folder whose name starts with `prefix`.
    package init(prefix: String = "newsletter-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the folder.
    package func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to `name` inside the folder, creating folders on the way.
    @discardableResult
    package func write(_ text: String, to name: String) throws -> URL {
        try write(Data(text.utf8), to: name)
    }

    /// Writes `data` to `name` inside the folder, creating folders on the way.
    @discardableResult
    package func write(_ data: Data, to name: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Paths inside this repository, found from this source file's place.
package enum Repository {
    /// The package's root folder.
    package static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file of `Tests/TestSupport/Fixtures`.
    package static func supportFixture(_ name: String) -> URL {
        root.appendingPathComponent("Tests/TestSupport/Fixtures").appendingPathComponent(name)
    }
}
