import TextBasics

/// A streaming quoted-printable encoder (RFC 2045 §6.7) that keeps its column
/// between calls.
///
/// Feed the data in one or more `encode(_:into:)` calls and end with
/// ``finish(into:)``. The output:
/// - has lines of at most 76 characters, counting the `=` of a soft line break;
/// - turns every input LF or CRLF into a hard CRLF line break, and encodes a
///   bare CR as `=0D`;
/// - writes bytes 33…126 (except `=`) as themselves and everything else as
///   `=XX` with upper-case hex, except SPACE and TAB in the middle of a line;
/// - encodes SPACE and TAB that end a line or the data (`=20`, `=09`), which
///   needs one byte of lookahead that also works across `encode` calls;
/// - never splits an `=XX` triple across a soft line break;
/// - encodes a `.` that starts a line as `=2E` and the `F` of a line-initial
///   `From ` as `=46`, so transports that do not dot-stuff, and mbox files,
///   leave the text alone. When the four bytes after a line-initial `F` lie
///   beyond the current `encode` call, the `F` is encoded to be safe; it
///   decodes to the same byte either way.
///
/// ``breakLine(into:)`` ends the current output line with a soft line break
/// (if it has anything on it), so independently encoded segments can be
/// concatenated and still decode to the concatenated input.
package struct QuotedPrintableEncoder: Sendable {
    /// Longest content allowed on a line, leaving room for a soft break's `=`.
    private static let maximumContentWidth = 75

    /// Characters already written on the current output line.
    private var column = 0
    /// A SPACE or TAB held back until the next byte shows whether it ends a line (0 if none).
    private var pendingWhitespace: UInt8 = 0
    /// A CR that ended the previous `encode` call; the next byte decides if it is part of CRLF.
    private var pendingCarriageReturn = false

    /// Creates an encoder at the start of a line.
    package init() {}

    /// Encodes `bytes` and appends the result to `output`.
    ///
    /// Contiguous collections (`[UInt8]`, `String.UTF8View` of a native string)
    /// are encoded without copying.
    package mutating func encode(_ bytes: some Sequence<UInt8>, into output: inout [UInt8]) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            encode(buffer, into: &output)
        }
        if done == nil {
            Array(bytes).withUnsafeBufferPointer { encode($0, into: &output) }
        }
    }

    /// Encodes the UTF-8 bytes of `text` and appends the result to `output`.
    package mutating func encode(_ text: String, into output: inout [UInt8]) {
        encode(text.utf8, into: &output)
    }

    /// Encodes the bytes in `buffer` and appends the result to `output`; the fastest entry point.
    package mutating func encode(_ buffer: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        let count = buffer.count
        var index = 0
        if pendingCarriageReturn, count > 0 {
            pendingCarriageReturn = false
            if buffer[0] == UInt8(ascii: "\n") {
                writeHardBreak(into: &output)
                index = 1
            } else {
                writePendingWhitespaceLiterally(into: &output)
                writeEncoded(UInt8(ascii: "\r"), into: &output)
            }
        }
        while index < count {
            let byte = buffer[index]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                // The held-back white space is followed by more white space, so it is not at a line end.
                writePendingWhitespaceLiterally(into: &output)
                pendingWhitespace = byte
            case UInt8(ascii: "\n"):
                writeHardBreak(into: &output)
            case UInt8(ascii: "\r"):
                if index + 1 == count {
                    pendingCarriageReturn = true
                } else if buffer[index + 1] == UInt8(ascii: "\n") {
                    writeHardBreak(into: &output)
                    index += 1
                } else {
                    writePendingWhitespaceLiterally(into: &output)
                    writeEncoded(byte, into: &output)
                }
            default:
                writePendingWhitespaceLiterally(into: &output)
                if byte > UInt8(ascii: " ") && byte < 0x7F && byte != UInt8(ascii: "=") {
                    writePrintable(byte, startsFromLine: Self.startsFromLine(buffer, at: index), into: &output)
                } else {
                    writeEncoded(byte, into: &output)
                }
            }
            index += 1
        }
    }

    /// Ends the current output line with a soft line break `=\r\n`, but only
    /// if something is on it, so the next output starts at column 0.
    ///
    /// White space held back for lookahead is written as itself (the `=` that
    /// follows protects it), and a held-back CR is written as `=0D`: a CR at
    /// the end of one segment and an LF at the start of the next are not
    /// joined into a line break.
    package mutating func breakLine(into output: inout [UInt8]) {
        writePendingWhitespaceLiterally(into: &output)
        if pendingCarriageReturn {
            pendingCarriageReturn = false
            writeEncoded(UInt8(ascii: "\r"), into: &output)
        }
        if column > 0 {
            output.append(UInt8(ascii: "="))
            output.append(UInt8(ascii: "\r"))
            output.append(UInt8(ascii: "\n"))
            column = 0
        }
    }

    /// Ends the data: encodes held-back white space (`=20`/`=09`) or CR
    /// (`=0D`) and resets the encoder to a fresh state.
    ///
    /// No line break is added after the last line.
    package mutating func finish(into output: inout [UInt8]) {
        if pendingCarriageReturn {
            writePendingWhitespaceLiterally(into: &output)
            writeEncoded(UInt8(ascii: "\r"), into: &output)
        } else if pendingWhitespace != 0 {
            let whitespace = pendingWhitespace
            pendingWhitespace = 0
            writeEncoded(whitespace, into: &output)
        }
        self = QuotedPrintableEncoder()
    }
}

extension QuotedPrintableEncoder {
    /// `true` when the byte at `index` is the `F` of `From `, or an `F` whose
    /// next four bytes are not in this buffer (so it may be).
    @inline(__always)
    private static func startsFromLine(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard buffer[index] == UInt8(ascii: "F") else { return false }
        guard index + 4 < buffer.count else { return true }
        return buffer[index + 1] == UInt8(ascii: "r") && buffer[index + 2] == UInt8(ascii: "o")
            && buffer[index + 3] == UInt8(ascii: "m") && buffer[index + 4] == UInt8(ascii: " ")
    }

    /// Writes a byte from 33…126 (not `=`), encoding it if it would start a
    /// line as `.` or as the `F` of `From `.
    @inline(__always)
    private mutating func writePrintable(_ byte: UInt8, startsFromLine: Bool, into output: inout [UInt8]) {
        makeRoom(for: 1, in: &output)
        if column == 0 && (byte == UInt8(ascii: ".") || startsFromLine) {
            writeEncoded(byte, into: &output)
        } else {
            output.append(byte)
            column += 1
        }
    }

    /// Writes `byte` as `=XX`, after a soft break if the triple would not fit.
    @inline(__always)
    private mutating func writeEncoded(_ byte: UInt8, into output: inout [UInt8]) {
        makeRoom(for: 3, in: &output)
        output.append(UInt8(ascii: "="))
        Hex.appendUpper(byte, to: &output)
        column += 3
    }

    /// Writes held-back white space as itself: something other than a line end follows it.
    @inline(__always)
    private mutating func writePendingWhitespaceLiterally(into output: inout [UInt8]) {
        guard pendingWhitespace != 0 else { return }
        makeRoom(for: 1, in: &output)
        output.append(pendingWhitespace)
        column += 1
        pendingWhitespace = 0
    }

    /// Writes a hard CRLF, encoding white space held back before it.
    @inline(__always)
    private mutating func writeHardBreak(into output: inout [UInt8]) {
        if pendingWhitespace != 0 {
            let whitespace = pendingWhitespace
            pendingWhitespace = 0
            writeEncoded(whitespace, into: &output)
        }
        output.append(UInt8(ascii: "\r"))
        output.append(UInt8(ascii: "\n"))
        column = 0
    }

    /// Inserts a soft line break if `width` more characters would leave no room for its `=`.
    @inline(__always)
    private mutating func makeRoom(for width: Int, in output: inout [UInt8]) {
        if column + width > Self.maximumContentWidth {
            output.append(UInt8(ascii: "="))
            output.append(UInt8(ascii: "\r"))
            output.append(UInt8(ascii: "\n"))
            column = 0
        }
    }
}
