import Signing
import Testing

/// The page link's token, the form's stamp and the base64url they are written in: one spelling
/// each, and a revoked generation opens nothing.
@Suite struct ReaderLinkTokenTests {
    let keys = SigningKeys(current: Array("a-reader-link-secret-long-enough-for-tests".utf8))

    @Test func aFirstGenerationLinkIsTheOneMailedBeforeGenerations() throws {
        let token = ManageToken.make(for: "ada@example.org", keys: keys)
        #expect(token.count == ManageToken.firstGenerationLength)
        let parsed = try #require(ManageToken.parse(token, for: "ada@example.org", keys: keys))
        #expect(parsed.generation == 0)
        #expect(parsed.readerToken == ReaderToken.make(for: "ada@example.org", keys: keys))
        #expect(ManageToken.parse(token, for: "zoe@example.org", keys: keys) == nil, "another reader's address")
    }

    @Test func aLaterGenerationIsSignedWithTheLinkAndCannotBeChanged() throws {
        let token = ManageToken.make(for: "ada@example.org", generation: 1_800_000_000, keys: keys)
        #expect(token.count == ManageToken.length)
        #expect(ManageToken.parse(token, for: "ada@example.org", keys: keys)?.generation == 1_800_000_000)
        #expect(token != ManageToken.make(for: "ada@example.org", generation: 1_800_000_001, keys: keys))
        // The generation's bytes changed, the signature kept: nothing.
        let other = ManageToken.make(for: "ada@example.org", generation: 1_800_000_001, keys: keys)
        let spliced =
            String(token.prefix(ReaderToken.length)) + String(other.dropFirst(ReaderToken.length).prefix(8))
            + String(token.suffix(16))
        #expect(ManageToken.parse(spliced, for: "ada@example.org", keys: keys) == nil)
        // Generation 0 has one spelling: the short one.
        let zero = ManageToken.make(for: "ada@example.org", generation: 0, keys: keys)
        #expect(zero.count == ManageToken.firstGenerationLength)
    }

    @Test func base64urlHasOneSpellingPerValue() {
        let bytes: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF]
        let text = Base64URL.encode(bytes)
        #expect(text == "3q2-7w")
        #expect(Base64URL.decode(text) == bytes)
        // Same leading bits, the last character's unused bits set: another spelling, refused.
        #expect(Base64URL.decode("3q2-7x") == nil)
        #expect(Base64URL.decode("3q2-7_") == nil)
        #expect(Base64URL.decode("AQ") == [1] && Base64URL.decode("AR") == nil)
    }

    @Test func eachFormStampNamesItself() throws {
        let first = try #require(FormStamp.timely(FormStamp.make(at: 1_000, keys: keys), now: 1_060, keys: keys))
        let second = try #require(FormStamp.timely(FormStamp.make(at: 1_000, keys: keys), now: 1_060, keys: keys))
        #expect(first.time == 1_000 && second.time == 1_000)
        #expect(first.serial != second.serial)
        #expect(FormStamp.timely(FormStamp.make(at: 1_000, keys: keys), now: 1_001, keys: keys) == nil, "too fresh")
        #expect(FormStamp.timely(FormStamp.make(at: 1_000, keys: keys), now: 1_000 + 86_401, keys: keys) == nil)
        #expect(FormStamp.timely(String(repeating: "A", count: 38), now: 1_060, keys: keys) == nil, "forged")
    }
}
