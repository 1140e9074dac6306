import TestSupport
import Testing

@testable import Markdown

/// Seeded random Markdown-ish input: never traps, never yields live markup or untidy text.
struct MarkdownFuzzTests {
    static let fragments: [String] = [
        "a", "word", " ", " ", "  ", "\n", "\n\n", "  \n", "\\\n", "\r\n", "\r", "\t", "\\", "*", "**", "***", "_",
        "__",
        "`", "``", "[", "]", "(", ")", "](", "<", ">", "\"", "'", "&", "#", "# ", "- ", "* ", "+ ", "1. ", "2) ",
        "> ", "    ", "https://x.org/a_b", "http://y.org/(p)", "mailto:a@b.org", "a@b.org", "javascript:",
        "JavaScript:alert(1)", "data:", "<script>", "</script>", "<img src=x onerror=alert(1)>", "<iframe>",
        "onmouseover=", "é", "e\u{301}", "\u{301}", "🎉", "👩‍👩‍👧", "“", "’", "\u{0}", "\u{7}", "\u{2028}",
        "\u{A0}", "\u{FEFF}", "日本", String(repeating: "long", count: 25),
    ]

    private static func randomSource(using generator: inout SeededGenerator) -> String {
        let count = Int.random(in: 0...40, using: &generator)
        return (0..<count).map { _ in fragments.randomElement(using: &generator) ?? "" }.joined()
    }

    @Test func randomInputNeverTrapsAndStaysSafe() {
        var generator = SeededGenerator(seed: 0x5EED_2026)
        var failures: [String] = []
        for iteration in 0..<3_000 {
            let source = Self.randomSource(using: &generator)
            let document = MarkdownDocument(parsing: source)
            let width = iteration.isMultiple(of: 2) ? 72 : 24
            failures += Self.problems(in: document, width: width).map {
                "#\(iteration) \($0) for \(source.debugDescription)"
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    /// What is wrong with the renderings of `document`, if anything.
    private static func problems(in document: MarkdownDocument, width: Int) -> [String] {
        let html = document.html()
        var problems = HTMLTagAudit.problems(in: html)
        let lowered = html.lowercased()
        for tag in ["<script", "<img", "<iframe"] where lowered.contains(tag) {
            problems.append("\(tag) in \(html)")
        }
        let text = document.plainText(width: width)
        if text.hasSuffix("\n") { problems.append("trailing newline") }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.last?.isWhitespace == true { problems.append("trailing whitespace in \(line.debugDescription)") }
            // Only a prefix (indent, bullet, number, quote marks) and one word may exceed the width.
            if TextWrapper.displayWidth(line) > width,
                !line.split(separator: " ").dropLast().joined().allSatisfy({ "•>.)0123456789".contains($0) })
            {
                problems.append("overlong line \(line.debugDescription)")
            }
        }
        return problems
    }

    @Test func pathologicalInputsNeverTrap() {
        let size = 8_000
        let sources = [
            String(repeating: "[", count: size), String(repeating: "[a](", count: size / 4),
            (1...100).map { String(repeating: "`", count: $0) + "a" }.joined(),
            String(repeating: "*a", count: size / 2), String(repeating: "_*", count: size / 2) + "x",
            String(repeating: "a* _b ", count: size / 6), String(repeating: "(h", count: size / 2),
            String(repeating: "<a", count: size / 2), String(repeating: "> ", count: size / 2) + "x",
            String(repeating: "- ", count: size / 2) + "x", "[a](" + String(repeating: "(", count: size) + ")",
            String(repeating: "[a](b \"", count: size / 7), String(repeating: "\\", count: size),
            String(repeating: "x", count: size), String(repeating: " \n", count: size),
        ]
        for source in sources {
            let document = MarkdownDocument(parsing: source)
            #expect(HTMLTagAudit.problems(in: document.html()).isEmpty)
            #expect(!document.plainText().hasSuffix("\n"))
        }
    }

    @Test func randomScalarsNeverTrap() {
        var generator = SeededGenerator(seed: 42)
        var failures: [String] = []
        for _ in 0..<500 {
            let scalars = (0..<Int.random(in: 0...80, using: &generator)).compactMap { _ in
                Unicode.Scalar(UInt32.random(in: 0...0x2FF, using: &generator))
            }
            let source = String(String.UnicodeScalarView(scalars))
            failures += Self.problems(in: MarkdownDocument(parsing: source), width: 10).map {
                "\($0) for \(source.debugDescription)"
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }
}
