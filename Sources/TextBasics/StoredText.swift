/// Rules for short text an outsider gives the list to keep and show again (a name on the sign-up
/// form, a feed's title): one line, within a size in bytes and in scalars (grapheme clusters can
/// hide thousands of bytes behind one "character"), and none of the characters that change how
/// text around them reads.
package enum StoredText {
    /// The private-use characters the renderer reserves for its own markers (U+E000–U+E0FF): no
    /// value from outside may carry them into a rendering.
    package static func isRendererMarker(_ scalar: Unicode.Scalar) -> Bool {
        (0xE000...0xE0FF).contains(scalar.value)
    }

    /// `text` without the renderer's markers.
    package static func withoutRendererMarkers(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isRendererMarker) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.filter { !isRendererMarker($0) })
        return String(scalars)
    }

    /// The first scalar of `text` that a one-line field may not hold: a control character (line
    /// breaks included), a format character (bidirectional overrides, zero-width joiners), a
    /// private-use character or a line or paragraph separator.
    package static func forbiddenScalar(in text: some StringProtocol) -> Unicode.Scalar? {
        text.unicodeScalars.first { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .privateUse, .surrogate, .lineSeparator, .paragraphSeparator, .unassigned: true
            default: false
            }
        }
    }

    /// Whether `text` holds at most `scalars` Unicode scalars and `bytes` bytes of UTF-8.
    package static func fits(_ text: some StringProtocol, scalars: Int, bytes: Int) -> Bool {
        text.utf8.count <= bytes && text.unicodeScalars.count <= scalars
    }
}
