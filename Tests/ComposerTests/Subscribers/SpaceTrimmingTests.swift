import Foundation
import TestSupport
import Testing
import TextBasics

@testable import Composer

/// The subscriber list's own trimming: the same as Foundation's for the spaces a spreadsheet leaves.
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

    @Test func keepsSpacesInsideANameAndTrimsEachTopic() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(
            "email,name,topics\n\u{00A0}ada@example.org\t,  Ada  Lovelace\u{3000}, Early years ;\tOnline safety \n",
            to: "list.csv"
        )
        var subscribers: [Subscriber] = []
        let problems = try SubscriberList(file: file, displayPath: "list.csv").read { subscribers.append($0) }
        #expect(problems.isEmpty)
        #expect(
            subscribers == [
                Subscriber(email: "ada@example.org", name: "Ada  Lovelace", topics: ["Early years", "Online safety"])
            ]
        )
    }
}
