/// The message that libcurl is uploading and how much of it has been read.
///
/// One instance lives as long as its ``SMTPConnection`` and is reused for every
/// message; libcurl reaches it through `CURLOPT_READDATA` as an unretained
/// pointer. Reading copies straight out of the array's storage: no copy of the
/// message and no allocation per call.
final class UploadSource {
    /// The message being uploaded.
    private var bytes: [UInt8] = []
    /// How many bytes libcurl has read so far.
    private var offset = 0
    /// Called once, on libcurl's thread, just before the end of the message is signalled: after it
    /// returns, libcurl sends the final "." that lets the server accept the message.
    private var beforeEnd: (() -> Void)?

    /// Starts over with a new message (shares the array's storage, no copy).
    func reset(to message: [UInt8], beforeEnd: (() -> Void)? = nil) {
        bytes = message
        offset = 0
        self.beforeEnd = beforeEnd
    }

    /// Drops the reference to the last message once its transfer is over.
    func clear() {
        bytes = []
        offset = 0
        beforeEnd = nil
    }

    /// Copies up to `capacity` further bytes into `buffer` and returns how many.
    ///
    /// Returns 0 once the message is exhausted, which ends the upload; the `beforeEnd` hook runs first.
    func read(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int {
        let count = min(max(capacity, 0), bytes.count - offset)
        guard count > 0 else {
            if offset == bytes.count, let hook = beforeEnd {
                beforeEnd = nil
                hook()
            }
            return 0
        }
        let start = offset
        let copied = bytes.withUnsafeBytes { source -> Int in
            guard let base = source.baseAddress else { return 0 }
            buffer.copyMemory(from: base + start, byteCount: count)
            return count
        }
        offset += copied
        return copied
    }
}
