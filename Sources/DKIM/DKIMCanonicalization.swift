/// The `relaxed` canonicalizations of RFC 6376 §3.4.2 (header fields) and §3.4.4 (body).
package enum DKIMCanonicalization {
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let crlf: [UInt8] = [0x0D, 0x0A]

    /// Feeds the relaxed canonical form of the message body `body` to `emit`, in order.
    ///
    /// One pass, no copy of the body: runs of bytes that canonicalization leaves as they are are
    /// handed over in place; only a line that changes (a tab, a run of blanks, blanks at its end)
    /// is rewritten, in a small scratch buffer. Empty lines at the end are dropped; a body that is
    /// empty after that gives nothing at all.
    package static func relaxedBody(_ body: UnsafeBufferPointer<UInt8>, emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        // The canonical body ends with the line holding the last byte that is not a blank or a line break.
        var last = body.count
        while last > 0, isBlankOrBreak(body[last - 1]) { last -= 1 }
        guard last > 0 else { return }
        var end = last
        while end < body.count, body[end] != lf { end += 1 }
        if end < body.count { end += 1 }

        let spaces16 = SIMD16<UInt8>(repeating: space)
        let tabs16 = SIMD16<UInt8>(repeating: tab)
        let crs16 = SIMD16<UInt8>(repeating: cr)
        let lfs16 = SIMD16<UInt8>(repeating: lf)
        let sixteen = SIMD16<UInt8>(repeating: 16)
        let lanes = SIMD16<UInt8>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        var scratch: [UInt8] = []
        var flushed = 0
        var lineStart = 0
        var lastLineTerminated = true
        while lineStart < end {
            var index = lineStart
            var changed = false
            var previousBlank = false
            while index < end, body[index] != lf {
                // Most of a body is plain text: skip it sixteen bytes at a time.
                if !previousBlank, index + 17 <= end, let base = body.baseAddress {
                    let chunk = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
                    let next = UnsafeRawPointer(base + index + 1).loadUnaligned(as: SIMD16<UInt8>.self)
                    let spaces = chunk .== spaces16
                    let special =
                        (chunk .== tabs16) .| (chunk .== crs16) .| (chunk .== lfs16)
                        .| (spaces .& (next .== spaces16))
                    if !any(special) {
                        index += 16
                        previousBlank = chunk[15] == space
                        continue
                    }
                    // Skip the plain bytes before the first one that needs a look.
                    let first = Int(sixteen.replacing(with: lanes, where: special).min())
                    if first > 0 {
                        index += first
                        previousBlank = chunk[first - 1] == space
                        continue
                    }
                }
                let byte = body[index]
                if byte == space || byte == tab {
                    if byte == tab || previousBlank { changed = true }
                    previousBlank = true
                } else if byte == cr, index + 1 < end, body[index + 1] == lf {
                    if previousBlank { changed = true }
                } else {
                    previousBlank = false
                }
                index += 1
            }
            let terminated = index < end
            let contentEnd = terminated && index > lineStart && body[index - 1] == cr ? index - 1 : index
            if terminated && contentEnd == index { changed = true }  // a bare LF becomes CRLF
            if !terminated && previousBlank { changed = true }
            let next = terminated ? index + 1 : index
            if changed {
                if flushed < lineStart { emit(UnsafeBufferPointer(rebasing: body[flushed..<lineStart])) }
                scratch.removeAll(keepingCapacity: true)
                appendCollapsed(body[lineStart..<contentEnd], to: &scratch)
                scratch += crlf
                scratch.withUnsafeBufferPointer(emit)
                flushed = next
            }
            lastLineTerminated = terminated || changed
            lineStart = next
        }
        if flushed < end { emit(UnsafeBufferPointer(rebasing: body[flushed..<end])) }
        if !lastLineTerminated { crlf.withUnsafeBufferPointer(emit) }
    }

    /// The relaxed canonical form of `body` as bytes (for tests and small inputs).
    package static func relaxedBody(_ body: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        body.withUnsafeBufferPointer { buffer in relaxedBody(buffer) { output += $0 } }
        return output
    }

    /// Appends the relaxed form of one header field, `Name: value` with any folding and no final CRLF,
    /// to `output`: the name lowercased, the value unfolded, blank runs made one space, no blanks at
    /// either end of the value or around the colon. `withCRLF` ends it with CRLF.
    package static func appendRelaxedHeader(
        _ field: ArraySlice<UInt8>,
        withCRLF: Bool = true,
        to output: inout [UInt8]
    ) {
        guard let colon = field.firstIndex(of: UInt8(ascii: ":")) else { return }
        var nameEnd = colon
        while nameEnd > field.startIndex, field[nameEnd - 1] == space || field[nameEnd - 1] == tab { nameEnd -= 1 }
        for byte in field[field.startIndex..<nameEnd] {
            output.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
        }
        output.append(UInt8(ascii: ":"))
        var pendingSpace = false
        var started = false
        for byte in field[(colon + 1)...] {
            switch byte {
            case cr, lf: continue
            case space, tab: pendingSpace = started
            default:
                if pendingSpace { output.append(space) }
                pendingSpace = false
                started = true
                output.append(byte)
            }
        }
        if withCRLF { output += crlf }
    }

    /// The relaxed form of the header fields in `header` (complete lines, CRLF-terminated), for tests.
    package static func relaxedHeaders(_ header: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        for field in DKIMHeaderFields(header).fields {
            appendRelaxedHeader(header[field.range], to: &output)
        }
        return output
    }

    /// `line` with blank runs collapsed to one space and no blanks at the end.
    private static func appendCollapsed(_ line: UnsafeBufferPointer<UInt8>.SubSequence, to output: inout [UInt8]) {
        var pendingSpace = false
        for byte in line {
            if byte == space || byte == tab {
                pendingSpace = true
            } else {
                if pendingSpace { output.append(space) }
                pendingSpace = false
                output.append(byte)
            }
        }
    }

    @inline(__always)
    private static func isBlankOrBreak(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == cr || byte == lf
    }
}
