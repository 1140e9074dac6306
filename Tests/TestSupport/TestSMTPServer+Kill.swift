import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension TestSMTPServer {
    /// Kills process `pid` (SIGKILL) as soon as the server holds `count` messages, or after
    /// `timeout`, from a thread of its own: a test task that waits suspended may be resumed seconds
    /// late while other tests hold the cooperative threads, by when a short send has finished.
    package func killProcess(_ pid: pid_t, onceItHolds count: Int, timeout: TimeInterval = 60) {
        let path = spool.path
        let watcher = Thread {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                if names.count(where: { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }) >= count { break }
                usleep(5_000)
            }
            _ = Glibc.kill(pid, SIGKILL)
        }
        watcher.start()
    }
}
