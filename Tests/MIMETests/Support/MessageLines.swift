/// Splits wire-format bytes into CRLF-terminated lines for tests.
enum MessageLines {
    /// The lines of `bytes` without their CRLFs (a last line without CRLF is
    /// included). Every bare CR or LF is reported in `problems`.
    static func split(_ bytes: [UInt8], problems: inout [String]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A {
                lines.append(bytes[start..<index])
                index += 2
                start = index
                continue
            }
            if byte == 0x0D || byte == 0x0A {
                problems.append("bare \(byte == 0x0D ? "CR" : "LF") at byte \(index) (line \(lines.count + 1))")
            }
            index += 1
        }
        if start < bytes.count {
            lines.append(bytes[start...])
        }
        return lines
    }

    /// The lines of `bytes`, ignoring bare CR/LF problems.
    static func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var ignored: [String] = []
        return split(bytes, problems: &ignored)
    }

    /// Problems with `message` as a whole: bare CR/LF anywhere, lines over `limit`.
    static func problems(_ message: [UInt8], limit: Int = 78) -> [String] {
        var problems: [String] = []
        for (number, line) in split(message, problems: &problems).enumerated() where line.count > limit {
            problems.append("line \(number + 1) has \(line.count) characters: \(String(decoding: line, as: UTF8.self))")
        }
        return problems
    }
}
