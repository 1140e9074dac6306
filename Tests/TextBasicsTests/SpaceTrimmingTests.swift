import Foundation
import Testing
import TextBasics

/// The package's own trimming, used on subscriber rows: the same as Foundation's for the spaces a
/// spreadsheet leaves.
@Suite struct SpaceTrimmingTests {
    @Test(arguments: [
        "", " ", "\t", "plain", "  both ends\t", "\u{00A0}no-break\u{00A0}", "\u{3000}ideographic\u{3000}",
        "\u{2003}em space\u{202F}", "inner  spaces stay", "line\nbreak\n", "\r\ncarriage\r\n", " e\u{0301} ",
        "\u{FEFF}email", "zo\u{00EB} \u{1F600} ", "\u{200B}zero width\u{200B}", "\u{180E}mongolian\u{1680}",
        "\u{0085}next line\u{2028}", "\u{205F}math\u{2009}thin\u{200A}",
    ])
    func trimsWhatFoundationTrims(_ text: String) {
        #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces))
        #expect(Substring(text).trimmingSpaces() == text.trimmingCharacters(in: .whitespaces))
    }
}
