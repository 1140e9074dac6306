import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes a file that must not exist yet, whole or not at all: an item file that `fetch`, `import`
/// or `new` makes.
///
/// The bytes go to a hidden temporary file beside it first, which is then linked to its name: a
/// full disk or a crash mid-write leaves no half-written item for `check` to trip over (the
/// temporary file is removed, or is hidden and ignored), and an existing file is never replaced.
package enum NewFile {
    /// Writes `data` to `url`. Fails with `.ioFailure`: "the disk is full" (exit 74) on ENOSPC or
    /// EDQUOT, "already exists" when `url` does, else the system's reason; `url` is then untouched.
    package static func write(_ data: Data, to url: URL) throws(NewsletterError) {
        let folder = url.deletingLastPathComponent().path
        var template = Array("\(folder)/.\(url.lastPathComponent).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw failure(errno, url) }
        let temporary = String(cString: template)
        defer { unlink(temporary) }
        var written = 0
        let error: Int32? = data.withUnsafeBytes { bytes in
            while written < bytes.count {
                let count = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return fsync(descriptor) == 0 ? nil : errno
        }
        close(descriptor)
        if let error { throw failure(error, url) }
        useDefaultMode(temporary)
        guard link(temporary, url.path) == 0 else { throw failure(errno, url) }
    }

    /// Item files are the editor's to edit: readable by the group, as a plain `write` would make them.
    private static func useDefaultMode(_ path: String) {
        let mask = umask(0)
        umask(mask)
        chmod(path, 0o666 & ~mask)
    }

    private static func failure(_ code: Int32, _ url: URL) -> NewsletterError {
        switch code {
        case ENOSPC, EDQUOT:
            NewsletterError(.ioFailure, "the disk is full; free some space and run again", context: url.path)
        case EEXIST:
            NewsletterError(.ioFailure, "already exists; nothing was replaced", context: url.path)
        default:
            NewsletterError(
                .ioFailure,
                "cannot write the file: \(String(cString: strerror(code)))",
                context: url.path
            )
        }
    }
}
