import Foundation
import Synchronization

/// Spaces message starts so that all workers together stay under a rate.
///
/// Each call to ``waitForTurn()`` reserves the next free slot and sleeps until it comes, so the
/// rate holds across threads without a central timer.
final class RateLimiter: Sendable {
    private let interval: Double
    private let nextSlot: Mutex<Double>

    /// A limiter for `perSecond` messages a second; `nil` when `perSecond` is 0 (no limit).
    init?(perSecond: Double) {
        guard perSecond > 0 else { return nil }
        interval = 1 / perSecond
        nextSlot = Mutex(0)
    }

    /// Blocks until this caller may start its next message.
    func waitForTurn() {
        let now = Self.now()
        let slot = nextSlot.withLock { next in
            let slot = max(next, now)
            next = slot + interval
            return slot
        }
        if slot > now { Thread.sleep(forTimeInterval: slot - now) }
    }

    private static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}
