import Signing
import Testing

@Suite struct BounceTokenTests {
    let keys = SigningKeys(current: Array(repeating: UInt8(7), count: 32))

    @Test func aTokenNamesItsDeliveryInAnyCase() {
        let token = BounceToken.make(deliveryID: 4711, keys: keys)
        #expect(token.wholeMatch(of: #/[0-9a-f]{16}-[0-9a-f]{20}/#) != nil, "\(token)")
        #expect(BounceToken.deliveryID(in: token, keys: keys) == 4711)
        #expect(BounceToken.deliveryID(in: token.uppercased(), keys: keys) == 4711)
        #expect(
            BounceToken.envelopeSender("bounces@example.org", deliveryID: 4711, keys: keys)
                == "bounces+\(token)@example.org"
        )
    }

    @Test func aForgedOrDamagedTokenNamesNothing() {
        let token = BounceToken.make(deliveryID: 12, keys: keys)
        let other = BounceToken.make(deliveryID: 13, keys: keys)
        let signature = token.split(separator: "-")[1]
        let otherSealed = other.split(separator: "-")[0]
        #expect(
            BounceToken.deliveryID(in: "\(otherSealed)-\(signature)", keys: keys) == nil,
            "a signature moved to another delivery"
        )
        #expect(
            BounceToken.deliveryID(in: String(token.dropLast()) + (token.last == "0" ? "1" : "0"), keys: keys) == nil
        )
        #expect(
            BounceToken.deliveryID(in: other, keys: SigningKeys(current: Array(repeating: UInt8(8), count: 32))) == nil
        )
        for garbage in ["", "12", "12-", "-abc", "12-\(signature)", "\(otherSealed)-\(signature)00", "x-\(signature)"] {
            #expect(BounceToken.deliveryID(in: garbage, keys: keys) == nil, "\(garbage)")
        }
    }

    @Test func theRotatedSecretStillVerifies() {
        let old = SigningKeys(current: Array(repeating: UInt8(1), count: 32))
        let rotated = SigningKeys(
            current: Array(repeating: UInt8(2), count: 32),
            previous: Array(repeating: UInt8(1), count: 32)
        )
        #expect(BounceToken.deliveryID(in: BounceToken.make(deliveryID: 5, keys: old), keys: rotated) == 5)
    }

    /// Consecutive deliveries get unrelated tokens: a reader comparing two bounce addresses learns
    /// nothing of how many messages went out between them.
    @Test func consecutiveDeliveriesRevealNoCounter() {
        let sealed = (1...200).map { BounceToken.make(deliveryID: Int64($0), keys: keys).prefix(16) }
        #expect(Set(sealed).count == 200)
        #expect(sealed != sealed.sorted(), "tokens that sort like their ids")
        #expect(!sealed.contains { $0.hasPrefix("00000000") }, "a small id shows through its token")
        for id in [1, 2, 99, 100_000, 9_000_000_000] as [Int64] {
            #expect(BounceToken.deliveryID(in: BounceToken.make(deliveryID: id, keys: keys), keys: keys) == id)
        }
    }
}
