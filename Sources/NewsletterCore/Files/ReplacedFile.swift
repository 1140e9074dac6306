import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file anew, whole or not at all: a web archive page, the subscriber file rewritten
/// without an erased reader's rows.
///
/// The bytes go to a hidden temporary file beside it, which is flushed to disk and renamed over
/// the old one; the folder is flushed too, so the rename itself survives a power cut. A failure
/// or a full disk leaves the old file as it was and removes the temporary one; a crash leaves the
/// old file or the new one, never half of either (and at worst a hidden temporary file).
package enum ReplacedFile {
    /// Why the file could not be replaced; the old one is untouched.
    package struct Failure: Error, CustomStringConvertible {
        /// Whether the bytes could not be written, or the new file not put in place.
        package enum Step: Sendable { case write, rename }

        package var step: Step
        /// The file.
        package var path: String
        /// The system's reason.
        package var reason: String
        package var description: String { "\(path): \(reason)" }
    }

    /// Replaces `url` with what `write` puts into the handle it is given. With `keepingMode`, the
    /// new file keeps the old one's mode (0600 when it cannot be read: the file may hold readers'
    /// addresses); otherwise it gets the mode a plain write gives under the umask.
    package static func replace(
        _ url: URL,
        keepingMode: Bool,
        _ write: (FileHandle) throws -> Void
    ) throws(Failure) {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        let mode = keepingMode ? currentMode(of: url) ?? 0o600 : 0o666 & ~currentUmask()
        unlink(temporary.path)
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw Failure(step: .write, path: url.path, reason: String(cString: strerror(errno)))
        }
        defer { unlink(temporary.path) }
        fchmod(descriptor, mode)
        do {
            let output = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            defer { try? output.close() }
            try write(output)
            try output.synchronize()
        } catch {
            throw Failure(step: .write, path: url.path, reason: error.localizedDescription)
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw Failure(step: .rename, path: url.path, reason: String(cString: strerror(errno)))
        }
        let folderDescriptor = open(folder.path, O_RDONLY)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// The permission bits of `url`, or `nil` when it cannot be read.
    private static func currentMode(of url: URL) -> mode_t? {
        var status = stat()
        return stat(url.path, &status) == 0 ? status.st_mode & 0o7777 : nil
    }

    /// The process's umask, left as it was.
    private static func currentUmask() -> mode_t {
        let mask = umask(0)
        umask(mask)
        return mask
    }
}
