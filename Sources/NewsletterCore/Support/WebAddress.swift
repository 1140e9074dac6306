import TextBasics

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Checks of the URLs and addresses that end up in a message.
package enum WebAddress {
    /// The schemes an item link may use.
    package static let linkSchemes: Set<String> = ["http", "https", "mailto"]

    /// Why `string` is not an acceptable URL with one of `schemes`, or `nil` when it is.
    package static func problem(with string: String, schemes: Set<String> = linkSchemes) -> String? {
        if let control = string.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            return "contains a control character (\(control.codePoint)); remove it"
        }
        if string.contains(" ") { return "contains a space; percent-encode it as %20" }
        guard let colon = string.firstIndex(of: ":") else {
            return "is not an absolute URL; write it in full, starting with \(schemeList(schemes))"
        }
        let scheme = string[..<colon].lowercased()
        guard schemes.contains(scheme) else {
            return "uses the scheme '\(scheme)'; only \(schemeList(schemes)) are allowed"
        }
        guard let url = URL(string: string) else { return "is not a valid URL" }
        if scheme == "mailto" {
            return url.absoluteString.count > "mailto:".count ? nil : "names no address after mailto:"
        }
        guard let host = url.host, !host.isEmpty else { return "has no host name" }
        return nil
    }

    private static func schemeList(_ schemes: Set<String>) -> String {
        schemes.sorted().map { "\($0):" }.joined(separator: ", ")
    }

    /// Whether `string` has a character that must never reach a one-line field or a header:
    /// CR, LF, NUL or another control character (TAB allowed when `allowTab`).
    package static func controlCharacter(in string: String, allowTab: Bool = false) -> Unicode.Scalar? {
        string.unicodeScalars.first { scalar in
            if allowTab && scalar == "\t" { return false }
            return scalar.properties.generalCategory == .control
                || scalar == "\u{2028}" || scalar == "\u{2029}"
        }
    }
}
