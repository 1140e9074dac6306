import Ledger
import Synchronization

/// Hands the deliveries still to send to the workers, a page from the ledger at a time.
///
/// The list is never held whole: at most one page (a few hundred rows) is in memory. A worker that
/// asks for more after ``stop()`` gets nothing, which is how a run winds down early.
final class DeliveryQueue: Sendable {
    private struct State {
        var buffer: [Delivery] = []
        var next = 0
        var lastID: Int64 = 0
        var exhausted = false
        var stopped = false
        var failure: (any Error)?
    }

    private let state = Mutex(State())
    private let fetch: @Sendable (_ after: Int64) throws -> [Delivery]
    private let only: Set<Int64>?

    /// A queue that pages through `fetch(afterID)` until it returns nothing, keeping only the
    /// deliveries in `only` when it is given.
    init(only: Set<Int64>? = nil, fetch: @escaping @Sendable (_ after: Int64) throws -> [Delivery]) {
        self.only = only
        self.fetch = fetch
    }

    /// The next delivery to send, or `nil` when there is none left or the run is stopping.
    func next() -> Delivery? {
        state.withLock { state in
            guard !state.stopped else { return nil }
            while state.next == state.buffer.count {
                guard !state.exhausted else { return nil }
                let page: [Delivery]
                do { page = try fetch(state.lastID) } catch {
                    state.failure = error
                    state.stopped = true
                    return nil
                }
                guard let last = page.last else {
                    state.exhausted = true
                    return nil
                }
                state.lastID = last.id
                state.buffer = only.map { only in page.filter { only.contains($0.id) } } ?? page
                state.next = 0
            }
            defer { state.next += 1 }
            return state.buffer[state.next]
        }
    }

    /// Makes every later ``next()`` return `nil`.
    func stop() {
        state.withLock { $0.stopped = true }
    }

    /// Whether ``stop()`` has been called (or paging failed).
    var isStopped: Bool {
        state.withLock { $0.stopped }
    }

    /// The error that stopped paging, if one did.
    var failure: (any Error)? {
        state.withLock { $0.failure }
    }
}
