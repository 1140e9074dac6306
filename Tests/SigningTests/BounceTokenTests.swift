import Signing
import Testing

@Suite struct BounceTokenTests {
    let keys = SigningKeys(current: Array(repeating: UInt8(7), count: 32))

    @Test func aTokenNamesItsDeliveryInAnyCase() {
        let token = BounceToken.make(deliveryID: 4711, keys: keys)
        #expect(token.wholeMatch(of: #/4711-[0-9a-f]{20}/#) != nil)
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
        #expect(
            BounceToken.deliveryID(in: "13-\(signature)", keys: keys) == nil,
            "a signature moved to another delivery"
        )
        #expect(
            BounceToken.deliveryID(in: String(token.dropLast()) + (token.last == "0" ? "1" : "0"), keys: keys) == nil
        )
        #expect(
            BounceToken.deliveryID(in: other, keys: SigningKeys(current: Array(repeating: UInt8(8), count: 32))) == nil
        )
        for garbage in ["", "12", "12-", "-abc", "012-\(signature)", "12-\(signature)00", "x-\(signature)"] {
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
}
