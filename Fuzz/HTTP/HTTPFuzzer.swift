// libFuzzer target: what a reader's request carries to `serve` beyond HTTP itself: the one-click
// form body, its content type, and the tokens of unsubscribe links and VERP addresses. The first
// byte picks the part; see scripts/fuzz.sh.
import FuzzSupport
import Signing
import WebEndpoint

/// libFuzzer's entry: one input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let keys = SigningKeys(current: Array("a-fuzzing-secret-that-is-long-enough-0123456789".utf8))
    let bytes = Array(input(data, size))
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    switch bytes.first.map({ $0 % 4 }) {
    case 0: _ = OneClickRequest(body: Array(bytes.dropFirst()), contentType: "application/x-www-form-urlencoded")
    case 1: _ = OneClickRequest(body: [], contentType: text)
    case 2: _ = ReaderToken.isWellFormed(text) && ReaderToken.isValid(text, for: "ada@example.org", keys: keys)
    default: _ = BounceToken.deliveryID(in: text, keys: keys)
    }
    return 0
}

fuzz(testOneInput)
