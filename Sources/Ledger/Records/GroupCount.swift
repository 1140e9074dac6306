import GRDB

/// One row of a `SELECT x AS key, COUNT(*) AS count … GROUP BY x`: how many rows have `key`.
struct GroupCount: Decodable, FetchableRecord {
    /// The grouped column's value (a state or kind).
    var key: String
    /// How many rows have it.
    var count: Int
}

extension Array where Element == GroupCount {
    /// The counts keyed by `Key`, leaving out values `Key` does not know.
    func keyed<Key: RawRepresentable & Hashable>(by _: Key.Type) -> [Key: Int] where Key.RawValue == String {
        var counts: [Key: Int] = [:]
        for group in self { if let key = Key(rawValue: group.key) { counts[key, default: 0] += group.count } }
        return counts
    }
}
