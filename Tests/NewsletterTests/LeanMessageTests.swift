import Foundation
import TestSupport
import Testing

/// The example's message, lean: far smaller than the one the old templates made
/// (`Fixtures/example-before.eml`, kept from that code), and the same to its reader. Python's `email`
/// decodes both messages; headless Chromium renders both HTML bodies on a desktop, a phone and in dark
/// mode, and Pillow compares the screenshots pixel by pixel.
@Suite struct LeanMessageTests {
    /// The most the lean message may weigh, as a share of the old one.
    static let sizeLimit = 0.88

    @Test func theExampleMessageIsMuchSmallerThanBefore() throws {
        let before = try ExampleMessage.before()
        let after = try ExampleMessage.bytes()
        #expect(before.count > 50_000, "the old message is \(before.count) bytes; is the fixture the old one?")
        #expect(
            Double(after.count) <= Double(before.count) * Self.sizeLimit,
            "\(after.count) bytes against \(before.count) before: over \(Int(Self.sizeLimit * 100)) %"
        )
    }

    @Test func theMessageStaysSevenBitAndTheTextPartReadsTheSame() throws {
        let beforeBytes = try ExampleMessage.before()
        let afterBytes = try ExampleMessage.bytes()
        let before = try PythonEmail.inspect(beforeBytes)
        let after = try PythonEmail.inspect(afterBytes)
        #expect(after.allDefects.isEmpty, "\(after.allDefects)")
        #expect(after.partTypes == ["text/plain", "text/html"])
        #expect(after.parts.map(\.transferEncoding) == ["quoted-printable", "quoted-printable"])
        #expect(after.texts.first == before.texts.first, "the plain-text part reads differently")
        #expect(after.subject == before.subject && after.to == before.to && after.from == before.from)
        // 7bit-safe, so a DKIM signature survives relays that would convert 8bit: ASCII only, and the
        // quoted-printable body lines within 76 characters.
        #expect(afterBytes.allSatisfy { $0 < 0x80 })
        let message = String(decoding: afterBytes, as: UTF8.self)
        let body = try #require(message.range(of: "\r\n\r\n")).upperBound
        let lines = message[body...].components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 }, "a body line is over 76 characters")
        let html = try #require(after.texts.last)
        // Inline styles only on the dozen elements that occur once (the layout, the preheader, the masthead,
        // the footer); the old message had them on every item's every element.
        let inlineStyles = html.components(separatedBy: " style=\"").count - 1
        let oldInlineStyles = try #require(before.texts.last).components(separatedBy: " style=\"").count - 1
        #expect(inlineStyles <= 12 && oldInlineStyles > 150, "\(inlineStyles) inline styles, \(oldInlineStyles) before")
        #expect(html.contains("@media (prefers-color-scheme:dark)"))
        #expect(html.contains("<meta name=\"color-scheme\" content=\"light dark\">"))
        #expect(html.contains("role=\"presentation\"") && html.contains("width=\"600\""), "the table layout")
    }

    @Test(arguments: [Chromium.View.desktop, .phone, .dark])
    func theHTMLLooksTheSameAsBefore(in view: Chromium.View) throws {
        let folder = try TemporaryFolder(prefix: "lean-screenshots")
        var shots: [URL] = []
        for (name, message) in [("before", try ExampleMessage.before()), ("after", try ExampleMessage.bytes())] {
            let html = try #require(try PythonEmail.inspect(message).texts.last)
            let page = try folder.write(html, to: "\(name).html")
            let shot = folder.url.appendingPathComponent("\(name)-\(view.name).png")
            try Chromium.screenshot(page, in: view, to: shot)
            shots.append(shot)
        }
        let comparison = try Screenshots.compare(shots[0], shots[1])
        #expect(comparison.sameSize)
        // Same fonts, same layout, same renderer: not one pixel may differ, anti-aliasing included.
        #expect(comparison.differingPixels == 0, "\(comparison.differingPixels) pixels differ in \(view.name)")
        #expect(comparison.contentPixels > comparison.totalPixels / 5, "the page looks blank")
        #expect(comparison.blankRowsAtBottom > 100, "the window is too short to show the whole message")
        #expect(comparison.background == (view.dark ? [18, 18, 18] : [241, 241, 241]), "the colour scheme")
    }
}

/// `Fixtures/compare_screenshots.py`: Pillow's pixel-by-pixel comparison of two PNG files.
enum Screenshots {
    /// What the comparison found.
    struct Comparison: Decodable {
        let width: Int
        let height: Int
        let sameSize: Bool
        let differingPixels: Int
        let totalPixels: Int
        let background: [Int]
        let contentPixels: Int
        let blankRowsAtBottom: Int
    }

    static let hint = "Pillow is missing: apt-get install python3-pil (scripts/test.sh installs it)"

    /// Compares `before` with `after`.
    static func compare(_ before: URL, _ after: URL) throws -> Comparison {
        let script = ExampleMessage.fixture("compare_screenshots.py")
        let result = try Command.run(try PythonEmail.interpreter(), [script.path, before.path, after.path])
        guard result.status == 0 else {
            throw HTTP.Failure(description: result.stderr.contains("PIL") ? hint : "\(result)")
        }
        return try JSONDecoder().decode(Comparison.self, from: result.stdout)
    }
}
