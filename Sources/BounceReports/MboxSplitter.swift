import MIME
import TextBasics

/// Splits an mbox stream into messages as its bytes arrive, holding one message at a time.
///
/// A message starts at a line beginning `From ` at the start of the stream or after a line end
/// (mboxo/mboxrd: `>From ` lines inside a body are unquoted by one level). A message larger than
/// the cap is dropped while it streams past and reported as ``Piece/tooLarge(number:bytes:)``;
/// so is a single line over the cap, which is counted, never held.
/// Feed bytes in chunks of any size with ``feed(_:_:)`` and call ``finish(_:)`` at the end.
package struct MboxSplitter {
    /// One event of the split.
    package enum Piece {
        /// A whole message, numbered from 1.
        case message(number: Int, bytes: [UInt8])
        /// A message over the cap, skipped; `bytes` is how much of it was seen.
        case tooLarge(number: Int, bytes: Int)
        /// Bytes before the first `From ` line: the stream is not an mbox, or is damaged at its start.
        case leadingGarbage(bytes: Int)
    }

    /// The largest message kept, in bytes.
    package let limit: Int
    private var line: [UInt8] = []
    /// Bytes of the current line past what is kept of it (see ``appendToLine(_:)``): counted only.
    private var droppedLineBytes = 0
    private var message: [UInt8] = []
    private var number = 0
    private var size = 0
    private var garbage = 0
    private var started = false

    /// A splitter keeping messages of at most `limit` bytes.
    package init(limit: Int) {
        self.limit = limit
    }

    /// Feeds the next bytes; calls `emit` for each message completed.
    package mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: (Piece) -> Void) {
        var start = 0
        while start < chunk.count {
            guard let newline = chunk[start...].firstIndex(of: 0x0A) else {
                appendToLine(chunk[start...])
                return
            }
            appendToLine(chunk[start...newline])
            takeLine(emit)
            start = newline + 1
        }
    }

    /// Ends the stream: emits the last message.
    package mutating func finish(_ emit: (Piece) -> Void) {
        if !line.isEmpty { takeLine(emit) }
        endMessage(emit)
        if !started, garbage > 0 { emit(.leadingGarbage(bytes: garbage)) }
    }

    /// Adds `bytes` to the current line, keeping no more than the message may still take (and its
    /// first bytes, for the `From ` check): a line of any length costs no more memory than the cap.
    private mutating func appendToLine(_ bytes: UnsafeRawBufferPointer.SubSequence) {
        let keep = max(limit - size - line.count, 16 - line.count, 0)
        if bytes.count <= keep {
            line.append(contentsOf: bytes)
        } else {
            line.append(contentsOf: bytes.prefix(keep))
            droppedLineBytes += bytes.count - keep
        }
    }

    private mutating func takeLine(_ emit: (Piece) -> Void) {
        defer {
            line.removeAll(keepingCapacity: true)
            droppedLineBytes = 0
        }
        if line.starts(with: Self.separator) {
            endMessage(emit)
            if !started, garbage > 0 { emit(.leadingGarbage(bytes: garbage)) }
            started = true
            number += 1
            size = 0
            return
        }
        guard started else {
            garbage += line.count + droppedLineBytes
            return
        }
        size += line.count + droppedLineBytes
        guard size <= limit else {
            message.removeAll()
            return
        }
        if line.first == UInt8(ascii: ">") {
            var depth = 0
            while depth < line.count, line[depth] == UInt8(ascii: ">") { depth += 1 }
            if line[depth...].starts(with: Self.separator) {
                message.append(contentsOf: line.dropFirst())
                return
            }
        }
        message.append(contentsOf: line)
    }

    private mutating func endMessage(_ emit: (Piece) -> Void) {
        guard started, number > 0 else { return }
        if size > limit {
            emit(.tooLarge(number: number, bytes: size))
        } else {
            emit(.message(number: number, bytes: message))
        }
        message.removeAll(keepingCapacity: true)
        size = 0
    }

    private static let separator = Array("From ".utf8)
}
