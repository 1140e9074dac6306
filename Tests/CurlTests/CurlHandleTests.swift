import CCurl
import Curl
import Foundation
import Testing

@Suite struct CurlHandleTests {
    /// A file with `count` bytes, removed when the test ends.
    func file(bytes count: Int) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString).txt")
        try Data(repeating: UInt8(ascii: "x"), count: count).write(to: url)
        return url
    }

    @Test func readsALocalFileWhole() throws {
        let url = try file(bytes: 100_000)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try CurlHandle()
        try handle.set(CURLOPT_URL, url.absoluteString)
        let transfer = try handle.perform(maximumBytes: 1_000_000).get()
        #expect(transfer.body.count == 100_000)
    }

    @Test func stopsAtTheCapWhileReading() throws {
        let url = try file(bytes: 300_000)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try CurlHandle()
        try handle.set(CURLOPT_URL, url.absoluteString)
        guard case .failure(.tooLarge(let limit)) = handle.perform(maximumBytes: 200_000) else {
            Issue.record("a body over the cap was accepted")
            return
        }
        #expect(limit == 200_000)
    }

    @Test func aMissingFileIsACurlErrorWithAMessage() throws {
        let handle = try CurlHandle()
        try handle.set(CURLOPT_URL, "file:///nonexistent/\(UUID().uuidString)")
        guard case .failure(.curl(let error)) = handle.perform(maximumBytes: 10) else {
            Issue.record("a missing file was read")
            return
        }
        #expect(error.code == CURLE_FILE_COULDNT_READ_FILE)
        #expect(!error.message.isEmpty)
    }
}
