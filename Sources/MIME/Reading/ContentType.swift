import TextBasics

/// A `Content-Type` value: `type/subtype` in lower case and its parameters (names in lower case).
package struct ContentType: Sendable, Equatable {
    /// `text/plain`, `multipart/report`…; `text/plain` when the header is missing or unreadable.
    package var mediaType: String
    /// The parameters, with quotes removed.
    package var parameters: [String: String]

    /// Parses `value` tolerantly; `nil` gives `text/plain`.
    package init(_ value: String?) {
        mediaType = "text/plain"
        parameters = [:]
        guard let value else { return }
        var pieces = Self.split(value)
        let head = pieces.isEmpty ? "" : pieces.removeFirst().trimmingASCIIWhitespace().lowercased()
        if head.contains("/") { mediaType = head }
        for piece in pieces {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingASCIIWhitespace().lowercased()
            var argument = piece[piece.index(after: equals)...].trimmingASCIIWhitespace()
            if argument.hasPrefix("\""), argument.hasSuffix("\""), argument.count >= 2 {
                argument = String(argument.dropFirst().dropLast()).replacingEvery("\\\"", with: "\"")
            }
            if !name.isEmpty, parameters[name] == nil { parameters[name] = argument }
        }
    }

    /// Whether the type is `multipart/…`.
    package var isMultipart: Bool { mediaType.hasPrefix("multipart/") }

    /// Splits at `;` outside double quotes.
    private static func split(_ value: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        for character in value {
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        return pieces
    }
}
