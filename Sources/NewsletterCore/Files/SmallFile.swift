import Foundation

/// Files that must be small (the config, an item): read whole, but never more than one byte past
/// the limit of one that is not, whatever it is (a huge file, a device that never ends).
package enum SmallFile {
    /// The contents of `url`, or `nil` when it holds more than `limit` bytes.
    package static func contents(of url: URL, atMost limit: Int) throws -> Data? {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var data = Data()
        while data.count <= limit, let chunk = try handle.read(upToCount: limit + 1 - data.count), !chunk.isEmpty {
            data.append(chunk)
        }
        return data.count > limit ? nil : data
    }

    /// `bytes` in words for a message: "1 MB", "64 KB".
    package static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes >> 10) KB"
    }
}
