import Foundation
import NewsletterCore
import TextBasics

extension SubscriberFile {
    /// Rewrites the file without the rows of `email` (compared case-insensitively), every other byte
    /// as it was: the rows' bytes are found by the CSV reader, then the file is copied around them
    /// into its replacement (same mode), so a crash leaves the old file or the new one. Returns how
    /// many rows went; a file without them is not touched.
    @discardableResult
    package func erase(_ email: String) throws(NewsletterError) -> Int {
        let key = email.lowercased()
        var ranges: [Range<Int>] = []
        do {
            var reader = try CSVReader(url: file)
            guard let header = try reader.next() else { return 0 }
            let column =
                header.fields.firstIndex { $0.trimmingSpaces().lowercased().hasSuffix("email") } ?? 0
            while let record = try reader.next() {
                if column < record.fields.count, record.fields[column].trimmingSpaces().lowercased() == key {
                    ranges.append(reader.lastRecordRange)
                }
            }
        } catch let tooLong as CSVReader.RecordTooLong {
            throw NewsletterError(
                .badData,
                "line \(tooLong.line): a row too long to read; fix it before erasing an address",
                context: displayPath
            )
        } catch {
            throw NewsletterError(.ioFailure, "cannot read it to erase an address: \(error)", context: displayPath)
        }
        guard !ranges.isEmpty else { return 0 }
        do {
            try rewrite(without: ranges)
        } catch {
            throw NewsletterError(
                .ioFailure,
                "cannot rewrite it without the address (\(error)); nothing was changed",
                context: displayPath
            )
        }
        return ranges.count
    }

    /// Copies the file into its replacement around `ranges` (``ReplacedFile``).
    private func rewrite(without ranges: [Range<Int>]) throws {
        let input = try FileHandle(forReadingFrom: file)
        defer { try? input.close() }
        try ReplacedFile.replace(file, keepingMode: true) { output in
            var offset = 0
            func copy(upTo end: Int) throws {
                while offset < end {
                    let chunk = try input.read(upToCount: min(1 << 16, end - offset)) ?? Data()
                    guard !chunk.isEmpty else { return }
                    try output.write(contentsOf: chunk)
                    offset += chunk.count
                }
            }
            for range in ranges {
                try copy(upTo: range.lowerBound)
                try input.seek(toOffset: UInt64(range.upperBound))
                offset = range.upperBound
            }
            try copy(upTo: Int.max)
        }
    }
}
