import Dispatch
import Mailer

#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM and SIGINT during `send` and `alert`: the first asks the delivery to stop cleanly (the
/// messages in flight finished and recorded, QUIT on every session, exit 75: a rerun resumes); a
/// second one ends the process at once, which the ledger survives as it survives a crash.
enum StopSignals {
    /// The signal sources, kept for the life of the process. Unchecked: appended to once, from the
    /// command's own thread before the send starts, and never read; Dispatch sources are not `Sendable`.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Routes SIGTERM and SIGINT to `stop`.
    static func watch(_ stop: DeliveryStop) {
        let installed = [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")].map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if stop.reason != nil {
                    signal(number, SIG_DFL)
                    raise(number)
                }
                stop.request(name)
            }
            source.resume()
            return source
        }
        sources += installed
    }
}
