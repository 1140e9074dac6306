// libFuzzer target: archived plain-text bulletins, as `import` reads them. See scripts/fuzz.sh.
import Foundation
import FuzzSupport
import IntakeCore

/// libFuzzer's entry: one input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = BulletinParser(displayPath: "archive/fuzz.txt").parse(Data(input(data, size)))
    return 0
}

fuzz(testOneInput)
