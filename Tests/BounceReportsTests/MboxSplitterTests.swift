import BounceReports
import Testing

@Suite struct MboxSplitterTests {
    private func split(_ text: String, limit: Int = 1_000, chunk: Int) -> [String] {
        var splitter = MboxSplitter(limit: limit)
        var pieces: [String] = []
        let emit: (MboxSplitter.Piece) -> Void = { piece in
            switch piece {
            case .message(let number, let bytes): pieces.append("\(number):\(String(decoding: bytes, as: UTF8.self))")
            case .tooLarge(let number, _): pieces.append("\(number):too large")
            case .leadingGarbage(let bytes): pieces.append("garbage \(bytes)")
            }
        }
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            bytes[start..<end].withUnsafeBytes { splitter.feed($0, emit) }
            start = end
        }
        splitter.finish(emit)
        return pieces
    }

    @Test(arguments: [1, 3, 7, 4096])
    func splitsAtFromLinesWhateverTheChunks(chunk: Int) {
        let mbox = "From a\nSubject: one\n\n>From the body\n\nFrom b\nSubject: two\n\nbody"
        #expect(split(mbox, chunk: chunk) == ["1:Subject: one\n\nFrom the body\n\n", "2:Subject: two\n\nbody"])
    }

    @Test func reportsGarbageAndOversizedMessagesAndKeepsGoing() {
        let mbox = "junk\nFrom a\n" + String(repeating: "x", count: 200) + "\nFrom b\nSubject: ok\n\n"
        #expect(split(mbox, limit: 100, chunk: 16) == ["garbage 5", "1:too large", "2:Subject: ok\n\n"])
    }

    /// One line far over the cap, fed in small chunks: dropped as it streams past, never held whole.
    @Test func aSingleLineOverTheCapIsTooLargeAndTheNextMessageIsRead() {
        let mbox = "From a\nSubject: huge\n\n" + String(repeating: "y", count: 100_000) + "\nFrom b\nSubject: ok\n\n"
        #expect(split(mbox, limit: 1_000, chunk: 512) == ["1:too large", "2:Subject: ok\n\n"])
    }
}
