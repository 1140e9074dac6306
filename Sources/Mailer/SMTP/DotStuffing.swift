#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SMTP's transparency procedure (RFC 5321 §4.5.2) and end of data, in one pass over a message.
///
/// A "." is doubled at the start of the message and after every LF (not only after CRLF, so that
/// no server that takes a bare LF as a line end can be handed a premature end of data). The scan
/// uses `memchr`, and copies whole runs between line starts, so a message costs a few
/// `memcpy`s rather than a loop over its bytes.
enum DotStuffing {
    /// Appends `message`, dot-stuffed, and the end of data (`CRLF.CRLF`, or `.CRLF` when the
    /// message already ends with CRLF) to `output`.
    static func appendStuffed(_ message: [UInt8], to output: inout [UInt8]) {
        appendContent(message, to: &output)
        appendEndOfData(after: message, to: &output)
    }

    /// Appends `message`, dot-stuffed, without the end of data.
    static func appendContent(_ message: [UInt8], to output: inout [UInt8]) {
        output.reserveCapacity(output.count + message.count + 64)
        message.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress, !source.isEmpty else { return }
            let count = source.count
            var runStart = 0
            if base[0] == UInt8(ascii: ".") {
                output.append(UInt8(ascii: "."))
            }
            var searchFrom = 0
            while searchFrom < count {
                guard let found = memchr(base + searchFrom, 0x0A, count - searchFrom) else { break }
                let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                let next = newline + 1
                if next < count, base[next] == UInt8(ascii: ".") {
                    output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: next - runStart))
                    output.append(UInt8(ascii: "."))
                    runStart = next
                }
                searchFrom = next
            }
            output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart))
        }
    }

    /// Appends the end of data that follows `message`'s content: `.CRLF` when the message ends
    /// with CRLF, `CRLF.CRLF` otherwise.
    static func appendEndOfData(after message: [UInt8], to output: inout [UInt8]) {
        if message.count >= 2, message[message.count - 2] == 0x0D, message[message.count - 1] == 0x0A {
            output.append(contentsOf: [UInt8(ascii: "."), 0x0D, 0x0A])
        } else {
            output.append(contentsOf: [0x0D, 0x0A, UInt8(ascii: "."), 0x0D, 0x0A])
        }
    }
}
