// libFuzzer target: delivery reports, complaints and mailed unsubscribes, alone and in an mbox
// (the bytes split at every seventh byte, as a stream arrives). See scripts/fuzz.sh.
import BounceReports
import FuzzSupport

/// libFuzzer's entry: one input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(input(data, size))
    let reader = ReportReader(
        bounceAddress: "bounces@example.org",
        unsubscribeAddress: "unsubscribe@example.org",
        ownAddresses: ["news@example.org"],
        messageIDDomain: "example.org"
    )
    _ = reader.read(bytes[...])
    var splitter = MboxSplitter(limit: 1 << 16)
    var start = 0
    while start < bytes.count {
        let end = min(bytes.count, start + 7)
        bytes[start..<end].withUnsafeBytes { chunk in
            splitter.feed(chunk) { piece in
                if case .message(_, let message) = piece { _ = reader.read(message[...]) }
            }
        }
        start = end
    }
    splitter.finish { _ in }
    return 0
}

fuzz(testOneInput)
