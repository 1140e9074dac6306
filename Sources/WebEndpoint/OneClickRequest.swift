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

    /// The fields of an `application/x-www-form-urlencoded` body (the last of a repeated name), or
    /// `nil` when it is malformed.
    static func formFields(_ body: [UInt8]) -> [String: String]? {
        guard let pairs = FormBody.pairs(body) else { return nil }
        return Dictionary(pairs, uniquingKeysWith: { _, last in last })
    }
}
