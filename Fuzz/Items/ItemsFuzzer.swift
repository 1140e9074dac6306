// libFuzzer target: item files (front matter and Markdown summary), as `check` and `send` read them.
// See scripts/fuzz.sh.
import Foundation
import FuzzSupport
import ItemFormat
import Markdown
import NewsletterCore

/// libFuzzer's entry: one input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Data(input(data, size))
    _ = Item.problems(inFileText: bytes, id: "fuzz", displayPath: "items/fuzz.md")
    let document = MarkdownDocument(parsing: String(decoding: bytes, as: UTF8.self))
    _ = document.html()
    _ = document.plainText(width: 72)
    return 0
}

fuzz(testOneInput)
