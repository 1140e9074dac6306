// libFuzzer target: the subscriber file (CSV), read from disk as `send` reads it. See scripts/fuzz.sh.
import Composer
import Foundation
import FuzzSupport
import NewsletterCore

/// libFuzzer's entry: one input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = URL(fileURLWithPath: "/dev/shm/newsletter-fuzz-subscribers-\(getpid()).csv")
    guard (try? Data(input(data, size)).write(to: file)) != nil else { return 0 }
    // Each row as a send uses it: which sections of an issue its reader gets.
    _ = try? SubscriberFile(file: file, displayPath: "subscribers.csv").read { reader in
        _ = reader.edition(among: ["Online safety", "Early years", "Domestic abuse"])
    }
    return 0
}

fuzz(testOneInput)
