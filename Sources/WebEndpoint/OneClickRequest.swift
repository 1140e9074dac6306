import TextBasics

/// The body of an unsubscribe POST: RFC 8058's `List-Unsubscribe=One-Click`, form-encoded
/// (`application/x-www-form-urlencoded`, or `multipart/form-data` as RFC 8058 also allows).
package struct OneClickRequest: Sendable, Equatable {
    /// Whether the POST came from the button of our own page (which then gets a confirmation page).
    package var fromPage: Bool

    /// The form field the page's button adds.
    package static let pageField = "from"

    /// Parses `body`; `nil` when it is not a one-click request (wrong field, bad encoding, not UTF-8).
    package init?(body: [UInt8], contentType: String?) {
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("multipart/form-data") {
            guard let text = String(validating: body, as: UTF8.self),
                let field = text.range(of: "name=\"List-Unsubscribe\"")
            else { return nil }
            let rest = text[field.upperBound...]
            guard let value = rest.range(of: "\r\n\r\n") else { return nil }
            guard rest[value.upperBound...].hasPrefix("One-Click") else { return nil }
            fromPage = false
            return
        }
        guard let fields = Self.formFields(body) else { return nil }
        guard fields["List-Unsubscribe"] == "One-Click" else { return nil }
        fromPage = fields[Self.pageField] == "page"
    }

    /// The fields of an `application/x-www-form-urlencoded` body, or `nil` when it is malformed.
    static func formFields(_ body: [UInt8]) -> [String: String]? {
        var fields: [String: String] = [:]
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : []) else { return nil }
            fields[name] = value
        }
        return fields
    }

    /// Percent- and `+`-decoded UTF-8 text, or `nil` for a bad escape or bytes that are not UTF-8.
    private static func decode(_ bytes: some Collection<UInt8>) -> String? {
        var output: [UInt8] = []
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let high = bytes.index(after: index)
                guard high != bytes.endIndex else { return nil }
                let low = bytes.index(after: high)
                guard low != bytes.endIndex, let h = Hex.value(of: bytes[high]), let l = Hex.value(of: bytes[low])
                else { return nil }
                output.append(h << 4 | l)
                index = bytes.index(after: low)
                continue
            }
            output.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index = bytes.index(after: index)
        }
        return String(validating: output, as: UTF8.self)
    }
}
