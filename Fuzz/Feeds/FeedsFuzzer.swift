// libFuzzer target: feeds as `fetch` reads them (RSS 2.0, Atom 1.0, JSON Feed 1.1). See scripts/fuzz.sh.
import Foundation
import FuzzSupport
import IntakeCore

/// libFuzzer's entry: one input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = FeedParser.parse(Data(input(data, size)))
    return 0
}

fuzz(testOneInput)
