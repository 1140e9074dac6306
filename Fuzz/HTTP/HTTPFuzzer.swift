// libFuzzer target: what a reader's request carries to `serve` beyond HTTP itself: the one-click
// and sign-up form bodies, their content type, and the tokens of unsubscribe, confirmation and
// page links, form stamps and VERP addresses. The first
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
    switch bytes.first.map({ $0 % 7 }) {
    case 0: _ = OneClickRequest(body: Array(bytes.dropFirst()), contentType: "application/x-www-form-urlencoded")
    case 1: _ = OneClickRequest(body: [], contentType: text)
    case 2: _ = ReaderToken.isWellFormed(text) && ReaderToken.isValid(text, for: "ada@example.org", keys: keys)
    case 3: _ = BounceToken.deliveryID(in: text, keys: keys)
    case 4:
        _ = ConfirmationToken.parse(text).map { _ in
            ConfirmationToken.isSigned(text, for: "ada@example.org", keys: keys)
        }
    case 5:
        _ = ManageToken.readerToken(in: text) != nil && ManageToken.isValid(text, for: "ada@example.org", keys: keys)
    default: _ = FormStamp.isTimely(text, now: 1_800_000_000, keys: keys)
    }
    return 0
}

fuzz(testOneInput)
