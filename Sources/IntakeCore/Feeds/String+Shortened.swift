import TextBasics

extension String {
    /// The text shortened to at most `sentences` sentences and about `characters` characters, whole
    /// words kept: what a feed entry's summary starts from.
    package func shortened(sentences: Int = 3, characters: Int = 600) -> String {
        var result = ""
        var count = 0
        var index = startIndex
        while index < endIndex, count < sentences {
            let character = self[index]
            result.append(character)
            index = self.index(after: index)
            if ".!?".contains(character), index == endIndex || self[index].isWhitespace {
                count += 1
            }
        }
        result = result.trimmingWhitespaceAndNewlines()
        guard result.count > characters else { return result }
        var cut = String(result.prefix(characters))
        if let space = cut.lastIndex(where: \.isWhitespace) { cut = String(cut[..<space]) }
        return cut.trimmingWhitespaceAndNewlines() + " …"
    }
}
