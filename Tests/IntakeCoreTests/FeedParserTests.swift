import Foundation
import NewsletterCore
import TestSupport
import Testing

@testable import IntakeCore

/// RSS 2.0, Atom 1.0 and JSON Feed 1.1, read from fixture feeds written for these tests.
@Suite struct FeedParserTests {
    static let fixtures = Repository.root.appendingPathComponent("Tests/IntakeCoreTests/Fixtures/feeds")

    private func feed(_ name: String) throws -> Result<Feed, FeedProblem> {
        FeedParser.parse(try Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
    }

    @Test func rss() throws {
        let feed = try feed("news.rss").get()
        #expect(feed.title == "Regional Safeguarding Partnership")
        #expect(
            feed.entries.map(\.title) == [
                "Neglect: a new toolkit for health visitors", "Online harms – what parents ask us",
                "Training dates for the summer term",
            ]
        )
        let first = feed.entries[0]
        #expect(first.id == "rsp-2025-0412")
        #expect(first.link == "https://partnership.example.org/news/neglect-toolkit")
        #expect(first.date == Day(year: 2025, month: 4, day: 8))
        // Scripts and styles dropped, entities decoded, shortened to three sentences.
        #expect(
            first.summary
                == "The partnership has published a toolkit to help health visitors spot the early signs of neglect. "
                + "It includes a checklist & case studies from three areas. Each case study ends with questions for "
                + "supervision."
        )
        #expect(
            feed.entries[1].summary
                == "Parents’ questions about gaming chat and image sharing, answered by the partnership's online "
                + "safety lead."
        )
        #expect(feed.entries[1].date == Day(year: 2025, month: 3, day: 30))
        #expect(feed.entries[2].id == nil)
        #expect(feed.entries[2].keys == ["link:https://partnership.example.org/training/summer"])
    }

    @Test func atomWithAnHTMLTitleAndXHTMLContent() throws {
        let feed = try feed("news.atom").get()
        #expect(feed.title == "Children's Rights Observatory")
        #expect(feed.entries[0].title == "Safer streets & parks: a youth survey")
        #expect(feed.entries[0].link == "https://observatory.example.net/reports/safer-streets")
        #expect(feed.entries[0].date == Day(year: 2025, month: 4, day: 1))
        #expect(
            feed.entries[0].summary
                == "Young people in four cities told researchers where they feel unsafe. Most named bus stations "
                + "after dark."
        )
        #expect(feed.entries[1].summary == "A briefing on how councils support care leavers to find a first home.")
        #expect(
            feed.entries[1].keys == [
                "id:tag:observatory.example.net,2025:care-leavers-housing",
                "link:https://observatory.example.net/briefings/care-leavers-housing",
            ]
        )
    }

    @Test func jsonFeed() throws {
        let feed = try feed("news.json").get()
        #expect(feed.title == "Family Courts Review")
        #expect(feed.entries.map(\.id) == ["fcr-118", "fcr-117"])
        #expect(
            feed.entries[0].summary
                == "A review of how children's wishes are heard in private law proceedings. It recommends earlier "
                + "direct work."
        )
        #expect(
            feed.entries[1].summary == "Two areas will test a single front door for family court services & support."
        )
        #expect(feed.entries[1].date == Day(year: 2025, month: 2, day: 11))
    }

    @Test(arguments: ["malformed.xml", "malformed.json"])
    func malformedDocumentsSayWhere(name: String) throws {
        guard case .failure(.malformed(let reason)) = try feed(name) else {
            Issue.record("\(name) was read")
            return
        }
        #expect(reason.hasPrefix(name.hasSuffix(".xml") ? "XML line" : "JSON:"), "\(reason)")
    }

    @Test func externalEntitiesAreNeverResolved() throws {
        let result = try feed("external-entity.rss")
        if case .success(let feed) = result {
            #expect(!feed.entries.contains { $0.title.contains("TOP-SECRET") || $0.summary.contains("TOP-SECRET") })
        }
        guard case .failure(.malformed(let reason)) = result else {
            Issue.record("a feed declaring an external entity must be refused")
            return
        }
        #expect(reason.contains("declares entities"), "\(reason)")
    }

    @Test(arguments: [
        ("", "the response is empty"), ("hello", "neither XML nor JSON"),
        ("<html><body>Not a feed</body></html>", "the root element <html> is not <rss> or Atom's <feed>"),
        ("{\"version\": \"1\", \"items\": []}", "JSON: version '1' is not a JSON Feed version"),
    ])
    func notAFeed(text: String, reason: String) {
        #expect(FeedParser.parse(Data(text.utf8)) == .failure(.malformed(reason)))
    }

    /// 10,000 nested elements in a description used to overflow the stack of the text walk: every
    /// other feed of the run was lost with the process.
    @Test func aFeedNestingDeeperThanAnyFeedNeedsIsMalformedNotACrash() {
        let depth = 10_000
        let rss =
            "<rss><channel><title>T</title><item><title>deep</title><description>"
            + String(repeating: "<b>", count: depth) + "x" + String(repeating: "</b>", count: depth)
            + "</description></item></channel></rss>"
        guard case .failure(.malformed(let reason)) = FeedParser.parse(Data(rss.utf8)) else {
            Issue.record("a 10,000-deep feed was read")
            return
        }
        #expect(reason.contains("nest more than 256 deep"), "\(reason)")
    }

    /// An inline element's text stands where the element stands, not after its parent's text.
    @Test func inlineTextKeepsItsPlaceInXHTML() throws {
        let atom = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>E</title><id>e1</id>
            <updated>2025-04-01T00:00:00Z</updated><summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
            Guidance on the <strong>children looked after</strong> return, with changes to the codes.</div></summary>
            </entry></feed>
            """
        let entry = try #require(try FeedParser.parse(Data(atom.utf8)).get().entries.first)
        #expect(entry.summary == "Guidance on the children looked after return, with changes to the codes.")
    }

    /// The entity check reads the whole prologue: 100 KB of padding does not hide a declaration.
    @Test func anEntityDeclaredAfterLongPaddingIsStillRefused() {
        let xml =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [" + String(repeating: " ", count: 100_000)
            + "<!ENTITY boom \"boom\">]><rss><channel><title>&boom;</title></channel></rss>"
        guard case .failure(.malformed(let reason)) = FeedParser.parse(Data(xml.utf8)) else {
            Issue.record("a feed declaring an entity was read")
            return
        }
        #expect(reason.contains("declares entities"), "\(reason)")
    }

    /// Every input the fuzzer found crashing the parser (Foundation's XMLParser traps on an element
    /// name that is not UTF-8, and crashes on a processing instruction without data) is now malformed
    /// with a line; a feed with a NUL byte is refused before the parser sees it.
    @Test func inputsThatCrashedTheParserAreMalformedNotACrash() throws {
        let regressions = Repository.root.appendingPathComponent("Fuzz/Regressions/feeds")
        for name in try FileManager.default.contentsOfDirectory(atPath: regressions.path) {
            let data = try Data(contentsOf: regressions.appendingPathComponent(name))
            guard case .failure(.malformed(let reason)) = FeedParser.parse(data) else {
                Issue.record("\(name) was read")
                continue
            }
            #expect(reason.hasPrefix("XML line "), "\(name): \(reason)")
        }
        let nul = FeedParser.parse(Data("<rss>\n<channel>\u{0}</channel></rss>".utf8))
        #expect(nul == .failure(.malformed("XML line 2: a NUL byte, which no XML document holds")))
    }

    /// Processing instructions without data (`<?target?>`), in the prologue, the DOCTYPE and an
    /// element, no longer crash the parser; one inside a CDATA section stays the text it is.
    @Test func processingInstructionsWithoutDataAreRead() throws {
        let xml = """
            <?xml version="1.0"?>
            <?keep?>
            <!DOCTYPE rss [<?keep?>]>
            <rss><channel><title>Weekly<?keep?> reading</title>
            <item><title><![CDATA[Code <?keep?> inside]]></title><link>https://example.org/pi</link></item>
            </channel></rss>
            """
        let feed = try FeedParser.parse(Data(xml.utf8)).get()
        #expect(feed.title == "Weekly reading")
        #expect(feed.entries.map(\.title) == ["Code <?keep?> inside"])
    }

    /// A feed that says it is Latin-1 is read as Latin-1.
    @Test func aLatin1FeedIsReadAsWhatItSays() throws {
        var data = Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Caf".utf8)
        data.append(0xE9)
        data.append(contentsOf: Data("</title><item><title>Entr".utf8))
        data.append(0xE9)
        data.append(contentsOf: Data("e</title><link>https://example.org/e</link></item></channel></rss>".utf8))
        let feed = try FeedParser.parse(data).get()
        #expect(feed.title == "Café")
        #expect(feed.entries.map(\.title) == ["Entrée"])
    }

    @Test func summariesAreShortenedToWholeSentences() {
        #expect("One. Two! Three? Four.".shortened() == "One. Two! Three?")
        #expect(String(repeating: "word ", count: 200).shortened(characters: 50).hasSuffix(" …"))
    }
}
