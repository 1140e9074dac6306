import Ledger
import Synchronization

/// The refusals counted for `status` before the database was asked (a bot's form, a client over
/// its limit, a cross-site post), kept in memory and written once a minute (at the first refusal
/// a minute after the last write, by `ReaderDesk.flushCountsEveryMinute`, and when `serve` stops):
/// a flood of refused forms must not become a flood of durable writes that slows every reader's
/// unsubscribe. A crash loses at most the last minute's counts.
final class SignUpTally: Sendable {
    /// The most seconds between writes.
    static let flushSeconds: Int64 = 60

    private struct Counts {
        var byOutcome: [SignUpOutcome: Int] = [:]
        var hour: Int64 = 0
        var lastFlush: Int64
    }

    private let counts: Mutex<Counts>

    init(now: Int64) {
        counts = Mutex(Counts(lastFlush: now))
    }

    /// Counts `outcome` at `now`; returns the counts to write now (with the time to write them
    /// under) when a minute has passed since the last write or the hour turned, else `nil`.
    func add(_ outcome: SignUpOutcome, now: Int64) -> (counts: [SignUpOutcome: Int], at: Int64)? {
        counts.withLock { counts in
            var due: (counts: [SignUpOutcome: Int], at: Int64)?
            if now / 3600 != counts.hour, !counts.byOutcome.isEmpty {
                due = (counts.byOutcome, counts.hour * 3600)
                counts.byOutcome = [:]
            }
            counts.hour = now / 3600
            counts.byOutcome[outcome, default: 0] += 1
            if due == nil, now - counts.lastFlush >= Self.flushSeconds {
                due = (counts.byOutcome, now)
                counts.byOutcome = [:]
            }
            if due != nil { counts.lastFlush = now }
            return due
        }
    }

    /// Everything not yet written, emptied (when `serve` stops).
    func drain() -> (counts: [SignUpOutcome: Int], at: Int64)? {
        counts.withLock { counts in
            guard !counts.byOutcome.isEmpty else { return nil }
            defer { counts.byOutcome = [:] }
            return (counts.byOutcome, counts.hour * 3600)
        }
    }
}
