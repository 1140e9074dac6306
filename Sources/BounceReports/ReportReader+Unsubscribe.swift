import MIME
import TextBasics

extension ReportReader {
    /// The reader tokens of a mailed unsubscribe request, or `nil` when the message is not one.
    ///
    /// A request is a message to `unsubscribe.mailto`, or one whose subject says "unsubscribe";
    /// its tokens are the 22-character base64url words of the subject, else those that follow
    /// "unsubscribe" in the first lines of its text.
    func unsubscribeTokens(_ message: MIMEEntity, leaves: [MIMEEntity]) -> [String]? {
        let subject = EncodedWord.decode(message.header("subject") ?? "")
        let recipients = ["to", "cc", "delivered-to", "x-original-to", "envelope-to"]
            .flatMap { message.headers.values($0) }.flatMap { AddressScanner.addresses(in: $0) }
        let addressed = unsubscribeAddress.map { recipients.contains($0) } ?? false
        guard addressed || subject.lowercased().contains("unsubscribe") else { return nil }
        var tokens = Self.tokens(in: subject)
        if tokens.isEmpty, let text = leaves.first(where: { $0.contentType.mediaType == "text/plain" })?.text() {
            let words = Self.words(in: text.prefix(4_000))
            for (index, word) in words.enumerated() where word.lowercased() == "unsubscribe" {
                for next in words[(index + 1)..<min(words.count, index + 4)]
                where next.utf8.count == 22 && !tokens.contains(next) {
                    tokens.append(next)
                }
            }
        }
        guard addressed || !tokens.isEmpty else { return nil }
        return Array(tokens.prefix(5))
    }

    /// The 22-character base64url words of `text`.
    private static func tokens(in text: some StringProtocol) -> [String] {
        var tokens: [String] = []
        for word in words(in: text) where word.utf8.count == 22 && !tokens.contains(word) { tokens.append(word) }
        return tokens
    }

    /// The runs of base64url characters in `text`.
    private static func words(in text: some StringProtocol) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text {
            if character.isASCII && (character.isLetter || character.isNumber || character == "-" || character == "_") {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
