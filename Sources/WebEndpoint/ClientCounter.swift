import Synchronization

/// Sign-ups per client address in the current hour, for `subscribe.perClientPerHour`: a fixed
/// window, reset on the hour, bounded in size (a flood of client addresses forgets the oldest
/// hour's, never grows without end).
package final class ClientCounter: Sendable {
    private struct Window {
        var hour: Int64 = 0
        var counts: [String: Int] = [:]
    }

    private let window = Mutex(Window())

    package init() {}

    /// Counts a sign-up from `client` at `now` (seconds since 1970); whether it is within `limit`.
    package func admit(_ client: String, now: Int64, limit: Int) -> Bool {
        window.withLock { window in
            if now / 3600 != window.hour || window.counts.count > 100_000 {
                window.hour = now / 3600
                window.counts.removeAll(keepingCapacity: true)
            }
            window.counts[client, default: 0] += 1
            return window.counts[client]! <= limit
        }
    }
}
