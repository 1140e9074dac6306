import BounceReports
import Foundation

/// Reads a report file, one message (`.eml`) or many (mbox), streaming: one message in memory at a time.
enum ReportFile {
    /// Calls `each` with every message of the file at `path` and its source name (`FILE` or `FILE#N`).
    ///
    /// A file that starts with `From ` is an mbox; anything else is one message. Messages over
    /// `limit` bytes, an empty file and bytes before an mbox's first message go to `problem`.
    static func read(
        _ path: String,
        limit: Int,
        problem: (String) -> Void,
        each: (String, ArraySlice<UInt8>) throws -> Void
    ) throws {
        guard let file = FileHandle(forReadingAtPath: path) else {
            problem("\(path): cannot open it; check its permissions")
            return
        }
        defer { try? file.close() }
        let chunkSize = 1 << 16
        guard var chunk = try file.read(upToCount: chunkSize), !chunk.isEmpty else {
            problem("\(path): empty; not a message")
            return
        }
        if isMbox(chunk) {
            var splitter = MboxSplitter(limit: limit)
            var failure: (any Error)?
            func take(_ piece: MboxSplitter.Piece) {
                guard failure == nil else { return }
                switch piece {
                case .message(let number, let bytes):
                    do { try each("\(path)#\(number)", bytes[...]) } catch { failure = error }
                case .tooLarge(let number, let bytes):
                    problem("\(path)#\(number): larger than \(limit / 1024 / 1024) MB (\(bytes) bytes); skipped")
                case .leadingGarbage(let bytes):
                    problem("\(path): \(bytes) bytes before the first \"From \" line are not a message; skipped")
                }
            }
            while true {
                chunk.withUnsafeBytes { splitter.feed($0, take) }
                if let failure { throw failure }
                guard let next = try file.read(upToCount: chunkSize), !next.isEmpty else { break }
                chunk = next
            }
            splitter.finish(take)
            if let failure { throw failure }
            return
        }
        var message = [UInt8](chunk)
        while let next = try file.read(upToCount: chunkSize), !next.isEmpty {
            guard message.count + next.count <= limit else {
                problem("\(path): larger than \(limit / 1024 / 1024) MB; skipped")
                return
            }
            message.append(contentsOf: next)
        }
        try each(path, message[...])
    }

    /// Whether `start` (a file's first bytes) begins an mbox: a `From ` line first, or a first line
    /// that is no header field followed later by a `From ` line (an mbox damaged at its start).
    private static func isMbox(_ start: Data) -> Bool {
        let separator = Array("From ".utf8)
        if start.starts(with: separator) { return true }
        let firstLine = start.prefix { $0 != 0x0A }
        let colon = firstLine.firstIndex(of: UInt8(ascii: ":"))
        let looksLikeHeader =
            colon.map { index in
                index > firstLine.startIndex && !firstLine[..<index].contains(0x20)
                    && !firstLine[..<index].contains(0x09)
            } ?? false
        return !looksLikeHeader && start.firstRange(of: [0x0A] + separator) != nil
    }
}
