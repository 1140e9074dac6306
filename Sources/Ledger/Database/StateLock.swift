import Foundation
import NewsletterCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on the state file, so that only one `send` or `alert` runs at a time.
///
/// Held with `flock(2)` on `<state>.lock` beside the database. The kernel releases it when the
/// process ends, however it ends (`kill -9` included), so a crash never leaves a stale lock.
package final class StateLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock for `stateFile`, or fails at once with `.temporaryFailure` if another run holds it.
    package init(for stateFile: URL) throws(NewsletterError) {
        let path = stateFile.path + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw NewsletterError(
                .ioFailure,
                "cannot create the lock file: \(String(cString: strerror(errno)))",
                context: path
            )
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            close(descriptor)
            if busy {
                throw NewsletterError(
                    .temporaryFailure,
                    "another send or alert is running on this state file; try again when it has finished",
                    context: stateFile.path
                )
            }
            throw NewsletterError(
                .ioFailure,
                "cannot lock the state file: \(String(cString: strerror(errno)))",
                context: path
            )
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
