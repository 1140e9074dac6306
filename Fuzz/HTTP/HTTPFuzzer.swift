// libFuzzer target: what a reader's request carries to `serve` beyond HTTP itself: the one-click
// body and its content type, the sign-up form and the reader's page buttons, the tokens of
// unsubscribe, confirmation and page links, form stamps, VERP addresses, client addresses as the
// limits count them and addresses as the list spells them. The first
// byte picks the part; see scripts/fuzz.sh.
import FuzzSupport
import NewsletterCore
import Signing
import WebEndpoint

/// libFuzzer's entry: one input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let keys = SigningKeys(current: Array("a-fuzzing-secret-that-is-long-enough-0123456789".utf8))
    let bytes = Array(input(data, size))
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    switch bytes.first.map({ $0 % 10 }) {
    case 0: _ = OneClickRequest(body: Array(bytes.dropFirst()), contentType: "application/x-www-form-urlencoded")
    case 1: _ = OneClickRequest(body: [], contentType: text)
    case 2: _ = ReaderToken.isWellFormed(text) && ReaderToken.isValid(text, for: "ada@example.org", keys: keys)
    case 3: _ = BounceToken.deliveryID(in: text, keys: keys)
    case 4:
        _ = ConfirmationToken.parse(text).map { _ in
            ConfirmationToken.isSigned(text, for: "ada@example.org", keys: keys)
        }
    case 5:
        _ =
            ManageToken.readerToken(in: text) != nil
            && ManageToken.parse(text, for: "ada@example.org", keys: keys) != nil
    case 6: _ = FormStamp.timely(text, now: 1_800_000_000, keys: keys)
    case 7:
        // The sign-up form as `serve` reads it: the body, then its fields.
        if let pairs = FormBody.pairs(Array(bytes.dropFirst())) { _ = ReaderForms.signUp(pairs) }
    case 8:
        // A button of a reader's own page.
        if let pairs = FormBody.pairs(Array(bytes.dropFirst())) { _ = ReaderForms.pageAction(pairs) }
    default:
        // A client's address as the limits count it, and an address as the list spells it.
        _ = ClientCounter.keys(of: text, ipv6Prefix: 56)
        _ = AddressKey.key(of: text)
    }
    return 0
}

fuzz(testOneInput)
