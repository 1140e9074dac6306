import Foundation
import NewsletterCore
import TextBasics

/// Small text helpers for archived bulletins: footnote marks and dates as editors write them.
package enum ArchivedText {
    /// `text` without footnote digits glued after a word's closing punctuation
    /// (`protection.1 Perennial` becomes `protection. Perennial`, `report.2` becomes `report.`).
    package static func removingFootnoteMarks(_ text: String) -> String {
        let characters = Array(text)
        var result = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            result.append(character)
            index += 1
            guard ".,;:)”’".contains(character), index >= 2, characters[index - 2].isLetter else { continue }
            var end = index
            while end < characters.count, characters[end].isASCII, characters[end].isNumber, end - index < 2 {
                end += 1
            }
            let atBoundary = end == characters.count || characters[end].isWhitespace
            if end > index, atBoundary { index = end }
        }
        return result
    }

    /// The month numbers of English month names and their three-letter forms.
    private static let months: [String: Int] = {
        let names = [
            "january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december",
        ]
        var table: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            table[name] = index + 1
            table[String(name.prefix(3))] = index + 1
        }
        table["sept"] = 9
        return table
    }()

    /// A date as bulletins write it: `24 June 2024`, `09 May 2024`, `May 16, 2024`, `April 2024`
    /// (then `exact` is false and the day is the 1st), `2024-06-24`.
    package static func day(from text: String) -> (day: Day, exact: Bool)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let iso = Day(iso: String(trimmed.prefix(10))),
            trimmed.count == 10 || trimmed.dropFirst(10).first == "T"
                || trimmed.dropFirst(10).first == " "
        {
            return (iso, true)
        }
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        var month: Int?
        var day: Int?
        var year: Int?
        for word in words {
            if month == nil, let found = months[String(word)] {
                month = found
            } else if word.allSatisfy(\.isNumber), let number = Int(word) {
                if word.count == 4, year == nil, (1900...2200).contains(number) {
                    year = number
                } else if word.count <= 2, day == nil, year == nil, (1...31).contains(number) {
                    day = number
                }
            }
            if month != nil, year != nil { break }
        }
        guard let month, let year else { return nil }
        guard let day else { return (Day(year: year, month: month, day: 1), false) }
        guard let checked = Day(iso: Day(year: year, month: month, day: day).iso) else { return nil }
        return (checked, true)
    }

    /// Whether `text` is an event's date and time line (`Thursday May 16, 2024, 05:00 PM – 06:30 PM BST`).
    package static func isEventTime(_ text: String) -> Bool {
        guard text.count <= 120, day(from: text)?.exact == true else { return false }
        let lower = text.lowercased()
        let hasTime =
            lower.contains(where: { $0 == ":" })
            && (lower.contains("am") || lower.contains("pm") || lower.contains(":00")
                || lower.contains(":30") || lower.contains(":15") || lower.contains(":45"))
        let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        return hasTime || weekdays.contains(where: lower.hasPrefix)
    }

    /// The letters and digits of `text`, lowercased: to spot a title repeated with its spaces lost.
    package static func skeleton(_ text: String) -> String {
        String(text.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}
