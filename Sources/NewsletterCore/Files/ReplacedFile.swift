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
/// the old one; the folder is flushed too, so the rename itself survives a power cut. A crash or a
/// full disk leaves the old file or the new one, never half of either, and no temporary file.
package enum ReplacedFile {
    /// Why the file could not be replaced; the old one is untouched.
    package struct Failure: Error, CustomStringConvertible {
        /// Whether the bytes could not be written, or the new file not put in place.
        package enum Step: Sendable { case write, rename }

        package var step: Step
        /// The system's reason.
        package var reason: String
        package var description: String { reason }
    }

    /// Replaces `url` with what `write` puts into the handle it is given. The new file keeps the old
    /// one's mode, or gets the umask's default when there was none.
    package static func replace(_ url: URL, _ write: (FileHandle) throws -> Void) throws(Failure) {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        var status = stat()
        let mode = stat(url.path, &status) == 0 ? Int(status.st_mode & 0o7777) : defaultMode()
        guard
            FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: mode])
        else {
            throw Failure(step: .write, reason: String(cString: strerror(errno)))
        }
        defer { unlink(temporary.path) }
        do {
            let output = try FileHandle(forWritingTo: temporary)
            defer { try? output.close() }
            try write(output)
            try output.synchronize()
        } catch {
            throw Failure(step: .write, reason: "\(error)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw Failure(step: .rename, reason: String(cString: strerror(errno)))
        }
        let descriptor = open(folder.path, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }

    /// The mode a plain `write` would give a new file under the current umask.
    private static func defaultMode() -> Int {
        let mask = umask(0)
        umask(mask)
        return Int(0o666 & ~mask)
    }
}
