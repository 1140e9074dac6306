import NewsletterCore
import Testing

/// One mailbox is one reader however it is typed.
@Suite struct AddressKeyTests {
    @Test func composedAndDecomposedLettersAndTheKelvinSignAreOneSpelling() {
        let composed = "zo\u{EB}@example.org"
        let decomposed = "zoe\u{308}@example.org"
        // Swift's == already sees them as one; SQLite's keys, and the bytes on the wire, do not.
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        #expect(Array(AddressKey.canonical(decomposed).utf8) == Array(composed.utf8))
        #expect(AddressKey.key(of: "\u{212A}elvin@example.org") == "kelvin@example.org")
        #expect(AddressKey.canonical("\u{212A}elvin@example.org") == "Kelvin@example.org", "the case kept")
    }

    @Test func anInternationalDomainIsItsALabels() {
        #expect(AddressKey.key(of: "Ann@B\u{FC}cher.Example") == "ann@xn--bcher-kva.example")
        #expect(AddressKey.key(of: "ann@xn--bcher-kva.example") == AddressKey.key(of: "ann@b\u{FC}cher.example"))
        #expect(AddressKey.canonical("plain@example.org") == "plain@example.org")
    }

    @Test func theLimitsFoldATagButKeepALeadingPlus() {
        #expect(AddressKey.limitKey(of: "Ann+news@Example.org") == "ann@example.org")
        #expect(AddressKey.limitKey(of: "ann+1+2@example.org") == "ann@example.org")
        #expect(AddressKey.limitKey(of: "+only@example.org") == "+only@example.org")
        #expect(AddressKey.limitKey(of: "no-tag@example.org") == "no-tag@example.org")
    }
}
