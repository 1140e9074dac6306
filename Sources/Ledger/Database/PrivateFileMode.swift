import Foundation
import NewsletterCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files that hold readers' data (the state database, its WAL, SHM and lock files): created
/// mode 0600 whatever the umask, and checked for an older, wider mode.
package enum PrivateFileMode {
    /// Creates `file` empty with mode 0600 unless something is there already.
    static func createEmptyIfMissing(_ file: URL) throws(NewsletterError) {
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            fchmod(descriptor, 0o600)
            close(descriptor)
            return
        }
        guard errno == EEXIST else {
            throw NewsletterError(
                .ioFailure,
                "cannot create the state file: \(String(cString: strerror(errno)))",
                context: file.path
            )
        }
    }

    /// The state file and its companions that anyone but their owner may read, each with its mode.
    package static func readableByOthers(stateFile: URL) -> [(path: String, mode: String)] {
        ["", "-wal", "-shm", ".lock"].compactMap { suffix in
            let path = stateFile.path + suffix
            var status = stat()
            guard stat(path, &status) == 0, status.st_mode & 0o077 != 0 else { return nil }
            return (path, String(status.st_mode & 0o777, radix: 8))
        }
    }
}
