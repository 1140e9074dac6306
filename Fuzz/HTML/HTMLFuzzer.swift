// libFuzzer target: HTML as feeds and bounce notices carry it, into text. See scripts/fuzz.sh.
import FuzzSupport
import TextBasics

/// libFuzzer's entry: one input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let html = String(decoding: input(data, size), as: UTF8.self)
    _ = HTMLText.plainText(html)
    _ = HTMLText.escapeForXML(html)
    return 0
}

fuzz(testOneInput)
