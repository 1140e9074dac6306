import Testing
import TextBasics

/// Internationalised domains go out as A-labels, in the envelope and in the header alike.
@Suite struct PunycodeTests {
    @Test(arguments: [
        ("bücher", "bcher-kva"), ("münchen", "mnchen-3ya"),
        ("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"), ("abc", "abc-"),
    ])
    func punycodeMatchesRFC3492(_ label: String, _ encoded: String) {
        #expect(Punycode.encode(label) == encoded)
    }

    @Test func aDomainBecomesALabelsLabelByLabel() {
        #expect(Punycode.asciiDomain("mail.Bücher.example") == "mail.xn--bcher-kva.example")
        #expect(Punycode.asciiDomain("example.org") == "example.org")
    }
}
