import Dispatch
import Foundation
import Ledger
import NewsletterCore
import Synchronization

/// Writes delivery outcomes to the ledger from its own thread, many to a transaction, while the
/// workers go on sending; and answers their suppression checks on the same connection.
///
/// A worker hands over each outcome with ``submit(_:from:)`` and carries on with its next
/// message; before that message's final "." goes out it calls ``Slot/waitUntilRecorded()``, which
/// returns once every outcome the worker submitted is committed. So at any moment each worker
/// has at most one message that the server may have accepted but the ledger does not show as
/// sent — after a crash, at most `connections` readers get a second copy — and the commits cost
/// neither a transaction per message nor a pause on the sending path.
///
/// Before each message a worker asks ``isSuppressed(_:from:)``, answered in the next transaction:
/// an address unsubscribed while the send runs (from `newsletter serve`, say) gets nothing more.
/// Answered here rather than on a connection of the worker's own, the checks never contend with
/// the commits for SQLite's locks, and join their transaction when one is due.
final class DeliveryRecorder: Sendable {
    /// One worker's line to the recorder.
    final class Slot: Sendable {
        fileprivate let committed = DispatchSemaphore(value: 0)
        private let outstanding = Mutex(0)

        fileprivate let answered = DispatchSemaphore(value: 0)
        fileprivate let answer = Mutex(true)

        fileprivate func submitted() { outstanding.withLock { $0 += 1 } }

        /// Blocks until every outcome this worker submitted is committed, or the recorder failed.
        func waitUntilRecorded() {
            var waiting = outstanding.withLock { count in
                defer { count = 0 }
                return count
            }
            while waiting > 0 {
                committed.wait()
                waiting -= 1
            }
        }
    }

    private struct Entry: Sendable {
        var result: DeliveryResult
        var slot: Slot
    }

    private struct Probe: Sendable {
        var emailKey: String
        var slot: Slot
    }

    private struct State: Sendable {
        var entries: [Entry] = []
        var probes: [Probe] = []
        var finished = false
        var failure: NewsletterError?
    }

    private let ledger: Ledger
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

    /// Starts the recording thread for `ledger`.
    init(ledger: Ledger) {
        self.ledger = ledger
        let thread = Thread { [self] in run() }
        thread.name = "ledger"
        thread.start()
    }

    /// A new worker's slot.
    func makeSlot() -> Slot { Slot() }

    /// Waits until every outcome `slot` submitted is committed; whether they are. A worker asks
    /// before each end of data, and ends none after a failed commit: the message would be accepted
    /// with the outcome before it unrecorded, and both readers would get a second copy.
    func mayEndNextMessage(_ slot: Slot) -> Bool {
        slot.waitUntilRecorded()
        return failure == nil
    }

    /// Queues `result` for the next commit; returns at once.
    func submit(_ result: DeliveryResult, from slot: Slot) {
        slot.submitted()
        state.withLock { $0.entries.append(Entry(result: result, slot: slot)) }
        wake.signal()
    }

    /// Whether the address with `emailKey` (the lower-cased address) is on the suppression list,
    /// as of a moment after the call; blocks until the recorder answers. After a failure to read
    /// the ledger, true: nothing goes to an address the run cannot check.
    func isSuppressed(_ emailKey: String, from slot: Slot) -> Bool {
        state.withLock { $0.probes.append(Probe(emailKey: emailKey, slot: slot)) }
        wake.signal()
        slot.answered.wait()
        return slot.answer.withLock { $0 }
    }

    /// Commits what is queued, stops the thread and returns the first failure to write, if any.
    func finish() -> NewsletterError? {
        state.withLock { $0.finished = true }
        wake.signal()
        done.wait()
        return failure
    }

    /// The first failure to write the ledger, once there has been one.
    var failure: NewsletterError? { state.withLock { $0.failure } }

    /// How often the recorder rewinds the write-ahead log (``Ledger/checkpoint()``) while a send runs.
    static let checkpointInterval: TimeInterval = 2

    private func run() {
        var lastCheckpoint = Date()
        while true {
            wake.wait()
            let (batch, probes, finished) = state.withLock { state in
                defer {
                    state.entries.removeAll(keepingCapacity: true)
                    state.probes.removeAll(keepingCapacity: true)
                }
                return (state.entries, state.probes, state.finished)
            }
            if !batch.isEmpty || !probes.isEmpty {
                var suppressed: Set<String>?
                do {
                    suppressed = try ledger.record(batch.map(\.result), probing: probes.map(\.emailKey))
                } catch {
                    state.withLock { $0.failure = $0.failure ?? error }
                }
                for entry in batch { entry.slot.committed.signal() }
                for probe in probes {
                    probe.slot.answer.withLock { $0 = suppressed?.contains(probe.emailKey) ?? true }
                    probe.slot.answered.signal()
                }
                if Date().timeIntervalSince(lastCheckpoint) >= Self.checkpointInterval {
                    // After the waiting workers were released: they send on while the log is rewound.
                    ledger.checkpoint()
                    lastCheckpoint = Date()
                }
            }
            if finished && state.withLock({ $0.entries.isEmpty && $0.probes.isEmpty }) { break }
        }
        done.signal()
    }
}
