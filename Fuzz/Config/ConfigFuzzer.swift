// libFuzzer target: newsletter.json, decoded and validated as every command loads it. See scripts/fuzz.sh.
import Foundation
import FuzzSupport
import Settings

/// libFuzzer's entry: one input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let folder = URL(fileURLWithPath: "/dev/shm/newsletter-fuzz-config-\(getpid())", isDirectory: true)
    for name in ["items", "Templates"] {
        try? FileManager.default.createDirectory(
            at: folder.appendingPathComponent(name),
            withIntermediateDirectories: true
        )
    }
    let file = folder.appendingPathComponent("newsletter.json")
    guard (try? Data(input(data, size)).write(to: file)) != nil else { return 0 }
    _ = try? Configuration.load(from: file.path)
    return 0
}

fuzz(testOneInput)
