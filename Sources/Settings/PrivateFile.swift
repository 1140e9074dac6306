import Foundation
import NewsletterCore

#if canImport(Glibc)
import Glibc
#endif

/// Creates files that hold secrets: mode 0600 from the first byte, and never over an existing file.
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

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
