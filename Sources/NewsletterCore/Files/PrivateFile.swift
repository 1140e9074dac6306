import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files that hold secrets or readers' data (a key, an export, the state database and its WAL,
/// SHM and lock files): mode 0600 from the first byte whatever the umask, never written over an
/// existing file, and checked for an older, wider mode.
package enum PrivateFile {
    /// Writes `contents` to a new file at `url` (created with `O_EXCL`, mode 0600).
    ///
    /// Fails with `.usage` when something already exists at `url` (it is left untouched), with
    /// `.missingInput` when the folder does not exist, and with `.ioFailure` for anything else.
    package static func create(at url: URL, contents: String) throws(NewsletterError) {
        let path = url.path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            switch code {
            case EEXIST:
                throw NewsletterError(
                    .usage,
                    "already exists; it is never overwritten: choose another --out file, "
                        + "or move the old key away first",
                    context: path
                )
            case ENOENT:
                let folder = url.deletingLastPathComponent().path
                throw NewsletterError(
                    .missingInput,
                    "the folder \(folder) does not exist; create it first",
                    context: path
                )
            default:
                throw NewsletterError(.ioFailure, "cannot create the file: \(describe(code))", context: path)
            }
        }
        defer { close(descriptor) }
        // The umask may have narrowed the mode further; it can never have widened it, but be explicit.
        fchmod(descriptor, 0o600)
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                let code = errno
                unlink(path)
                throw NewsletterError(.ioFailure, "cannot write the file: \(describe(code))", context: path)
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            let code = errno
            unlink(path)
            throw NewsletterError(.ioFailure, "cannot write the file: \(describe(code))", context: path)
        }
    }

    /// Creates `file` empty with mode 0600 unless something is there already (the state database,
    /// before SQLite opens it: SQLite gives its log and shared-memory files the database file's mode).
    package static func createEmptyIfMissing(_ file: URL) throws(NewsletterError) {
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            fchmod(descriptor, 0o600)
            close(descriptor)
            return
        }
        guard errno == EEXIST else {
            throw NewsletterError(
                .ioFailure,
                "cannot create the state file: \(describe(errno))",
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

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
