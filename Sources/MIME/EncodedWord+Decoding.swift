extension EncodedWord {
    /// The header value with its RFC 2047 encoded words (`=?utf-8?B?…?=`, `=?…?Q?…?=`) decoded, tolerantly:
    /// a malformed word stays as it is, and the white space between two words goes.
    package static func decode(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var result = ""
        var rest = Substring(value)
        var lastWasWord = false
        while let start = rest.firstRange(of: "=?") {
            let before = rest[..<start.lowerBound]
            let afterStart = rest[start.upperBound...]
            let pieces = afterStart.split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
            guard pieces.count == 4, pieces[3].hasPrefix("="), pieces[1].count == 1 else {
                result += rest[..<start.upperBound]
                rest = afterStart
                lastWasWord = false
                continue
            }
            if !(lastWasWord && before.allSatisfy({ $0 == " " || $0 == "\t" })) { result += before }
            let payload = Array(pieces[2].utf8)
            let bytes =
                pieces[1].lowercased() == "b"
                ? TransferDecoding.base64(payload)
                : TransferDecoding.quotedPrintable(payload.map { $0 == UInt8(ascii: "_") ? 0x20 : $0 })
            result += Charset.decode(bytes, charset: String(pieces[0]))
            rest = pieces[3].dropFirst()
            lastWasWord = true
        }
        return result + rest
    }
}
