import Dispatch
import Synchronization

/// A request to stop a send early and cleanly (SIGTERM, SIGINT): no new message is started, each
/// message in flight is finished and its outcome recorded, and every session ends with QUIT.
///
/// What is left stays pending for the next run, as after a crash, but no connection is dropped
/// mid-transaction and no reader waits on an outcome nobody recorded.
package final class DeliveryStop: Sendable {
    private let requested = Mutex<String?>(nil)
    private let wake = DispatchSemaphore(value: 0)

    /// A request not made yet.
    package init() {}

    /// Asks the send to stop, saying why (`SIGTERM`); the first reason given is kept.
    package func request(_ reason: String) {
        let first = requested.withLock { current -> Bool in
            guard current == nil else { return false }
            current = reason
            return true
        }
        if first { wake.signal() }
    }

    /// Why the send was asked to stop, or `nil` while it goes on.
    package var reason: String? { requested.withLock { $0 } }

    /// Waits `seconds`, or less when a stop is requested meanwhile; true when it was.
    func wait(seconds: Double) -> Bool {
        if reason != nil { return true }
        guard wake.wait(timeout: .now() + seconds) == .success else { return reason != nil }
        wake.signal()  // for the next waiter
        return true
    }
}
