import Foundation
import Testing
import TextBasics

/// The package's own replacing, used on item files, rendered bodies and archive pages: the same
/// result as Foundation's for every text it is given here.
@Suite struct StringReplacingTests {
    @Test(arguments: [
        ("", "\r\n", "\n"), ("no line ends", "\r\n", "\n"), ("one\r\ntwo\r\n", "\r\n", "\n"),
        ("\r\n\r\n\r\n", "\r\n", "\n"), ("lone\rcarriage\n\r", "\r\n", "\n"), ("aaa", "aa", "b"),
        ("aaaa", "aa", "a"), ("<center style>x</center>", "<center ", "<div "), ("abc", "abcd", "x"),
        ("abc", "abc", ""), ("héllo wörld ü", "ö", "oe"), ("zoë\r\n😀\r\nend", "\r\n", " "),
        ("{{number}}.html and {{number}}", "{{number}}", "42"), ("tail match <", "<", "&lt;"),
        ("mso-hide:all;mso-hide:all;", "mso-hide:all;", ""),
    ])
    func replacesWhatFoundationReplaces(_ text: String, _ target: String, _ replacement: String) {
        #expect(
            text.replacingEvery(target, with: replacement) == text.replacingOccurrences(of: target, with: replacement)
        )
    }

    @Test func anEmptyTargetChangesNothing() {
        #expect("text".replacingEvery("", with: "x") == "text")
    }

    @Test func aByteMatchNeverSplitsACharacter() {
        // "é" as e + combining acute: the "e" alone is a whole scalar, and replacing it keeps the accent.
        #expect("cafe\u{0301}".replacingEvery("e", with: "E") == "cafE\u{0301}")
        // U+00E9 is C3 A9 in UTF-8; no single byte of it can match an ASCII target.
        #expect("caf\u{00E9}".replacingEvery("\u{00A9}", with: "(c)") == "caf\u{00E9}")
    }
}
