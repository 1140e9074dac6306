import Foundation

/// Reads RFC 4180 CSV records from a file in chunks, without holding the whole file in memory.
///
/// Quoted fields may hold commas, doubled quotes and line breaks; records end at LF or CRLF. Each
/// record comes with the line it starts on. A record is at most ``maximumRecordBytes`` long, so a
/// quote never closed cannot make one field of the rest of a large file.
struct CSVReader {
    /// The longest record read: a subscriber's row is an address, a name and a few topics.
    static let maximumRecordBytes = 64 << 10

    /// A record longer than ``maximumRecordBytes``, starting on `line`.
    struct RecordTooLong: Error {
        var line: Int
    }

    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    /// The file offset of `buffer[0]`.
    private var bufferOffset = 0
    private var atEnd = false
    /// The bytes of the file the last record took, its line end included.
    private(set) var lastRecordRange: Range<Int> = 0..<0
    private var line = 1

    /// Opens `url` for reading, from its first byte or from `offset` (where a record starts).
    init(url: URL, offset: Int = 0) throws {
        handle = try FileHandle(forReadingFrom: url)
        if offset > 0 {
            try handle.seek(toOffset: UInt64(offset))
            bufferOffset = offset
        }
    }

    /// The next record and the line it starts on, or `nil` at the end of the file.
    mutating func next() throws -> (fields: [String], line: Int)? {
        guard try peek() != nil else { return nil }
        let startLine = line
        let start = bufferOffset + position
        defer { lastRecordRange = start..<(bufferOffset + position) }
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        var recordBytes = 0
        while let byte = try peek() {
            position += 1
            recordBytes += 1
            guard recordBytes <= Self.maximumRecordBytes else { throw RecordTooLong(line: startLine) }
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if try peek() == UInt8(ascii: "\"") {
                        position += 1
                        field.append(byte)
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                if field.isEmpty && !wasQuoted {
                    quoted = true
                    wasQuoted = true
                } else {
                    field.append(byte)
                }
            case UInt8(ascii: ","):
                fields.append(Self.string(field))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
            case 0x0A:
                line += 1
                if field.last == 0x0D && !wasQuoted { field.removeLast() }
                fields.append(Self.string(field))
                return (fields, startLine)
            case 0x0D where try peek() == 0x0A:
                continue
            default:
                field.append(byte)
            }
        }
        fields.append(Self.string(field))
        return (fields, startLine)
    }

    private static func string(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private mutating func peek() throws -> UInt8? {
        if position < buffer.count { return buffer[position] }
        guard !atEnd else { return nil }
        let chunk = try handle.read(upToCount: 1 << 16) ?? Data()
        if chunk.isEmpty {
            atEnd = true
            try? handle.close()
            return nil
        }
        bufferOffset += buffer.count
        buffer = [UInt8](chunk)
        position = 0
        return buffer.first
    }
}
