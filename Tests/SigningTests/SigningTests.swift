import Signing
import Testing

@Suite struct SigningKeysTests {
    let keys = SigningKeys(current: Array(repeating: UInt8(ascii: "a"), count: 32))
    let rotated = SigningKeys(
        current: Array(repeating: UInt8(ascii: "b"), count: 32),
        previous: Array(repeating: UInt8(ascii: "a"), count: 32)
    )

    @Test func aSignatureVerifiesUnderItsKeyAndPurposeOnly() {
        let signature = keys.signature(of: Array("reader@example.org".utf8), for: .unsubscribe)
        #expect(signature.count == 32)
        #expect(keys.isValid(signature, of: Array("reader@example.org".utf8), for: .unsubscribe))
        #expect(!keys.isValid(signature, of: Array("reader@example.org".utf8), for: .bounce))
        #expect(!keys.isValid(signature, of: Array("other@example.org".utf8), for: .unsubscribe))
    }

    @Test func aRotationKeepsOldSignaturesValid() {
        let old = keys.signature(of: Array("x".utf8), for: .bounce)
        #expect(rotated.isValid(old, of: Array("x".utf8), for: .bounce))
        #expect(rotated.signature(of: Array("x".utf8), for: .bounce) != old)
        let new = rotated.signature(of: Array("x".utf8), for: .bounce)
        #expect(!keys.isValid(new, of: Array("x".utf8), for: .bounce))
    }

    @Test(arguments: [0, 9, 33])
    func signaturesOfImpossibleLengthsAreRefused(length: Int) {
        let signature =
            Array(keys.signature(of: Array("x".utf8), for: .bounce).prefix(length))
            + Array(repeating: 0, count: max(0, length - 32))
        #expect(!keys.isValid(signature, of: Array("x".utf8), for: .bounce))
    }
}

@Suite struct ReaderTokenTests {
    let keys = SigningKeys(current: Array("0123456789abcdef0123456789abcdef".utf8))

    @Test func tokensAreStableOpaqueAndAddressFree() {
        let token = ReaderToken.make(for: "ada@example.org", keys: keys)
        #expect(token.count == ReaderToken.length)
        #expect(token == ReaderToken.make(for: "ada@example.org", keys: keys))
        #expect(!token.contains("ada") && !token.contains("@") && !token.contains("%40"))
        #expect(ReaderToken.isValid(token, for: "ada@example.org", keys: keys))
        #expect(!ReaderToken.isValid(token, for: "grace@example.org", keys: keys))
    }

    @Test(arguments: ["", "short", "AAAAAAAAAAAAAAAAAAAAAA", "!!!!!!!!!!!!!!!!!!!!!!", "../../../../etc/passwd"])
    func forgedOrDamagedTokensAreRefused(token: String) {
        #expect(!ReaderToken.isValid(token, for: "ada@example.org", keys: keys))
    }

    @Test func aTokenWithOneCharacterChangedIsRefused() {
        var token = Array(ReaderToken.make(for: "ada@example.org", keys: keys))
        token[5] = token[5] == "A" ? "B" : "A"
        #expect(!ReaderToken.isValid(String(token), for: "ada@example.org", keys: keys))
    }
}

@Suite struct Base64URLTests {
    @Test(arguments: [[UInt8](), [0], [0xFF, 0xFE], [1, 2, 3], Array(0...255)])
    func roundTrips(bytes: [UInt8]) {
        let text = Base64URL.encode(bytes)
        #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
        #expect(Base64URL.decode(text) == bytes)
    }

    @Test func knownVector() {
        #expect(Base64URL.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("A") == nil)
        #expect(Base64URL.decode("ab=c") == nil)
    }
}
