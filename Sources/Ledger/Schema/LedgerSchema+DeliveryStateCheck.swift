import GRDB

extension LedgerSchema {
    /// The state check as "v1" wrote it into the delivery table's definition.
    static let deliveryStateCheckAsList = "CHECK (state IN ('pending', 'sent', 'deferred', 'failed'))"
    /// The same check, written as comparisons.
    static let deliveryStateCheckAsComparisons =
        "CHECK (state = 'pending' OR state = 'sent' OR state = 'deferred' OR state = 'failed')"

    /// Migration "v7-delivery-state-check": the delivery table's state check written as comparisons.
    ///
    /// SQLite runs `state IN (four constants)` by building a temporary b-tree of the four, once for
    /// every statement that writes a delivery's state: each new delivery and each outcome, so once per
    /// message. Four comparisons accept and refuse the same values without it.
    ///
    /// A check cannot be changed by `ALTER TABLE`. Rebuilding the table would copy every delivery
    /// ever sent (16 s and twice the disk for 40 weekly issues to 27,000 readers), so the
    /// definition is edited in place, as SQLite's documentation gives for a constraint change that
    /// leaves the stored rows valid ("Making Other Kinds Of Table Schema Changes"): in the
    /// migration's transaction, with the schema version raised so that every connection reads the
    /// new definition.
    static func checkDeliveryStateByComparisons(_ db: Database) throws {
        try replaceCheck(of: "delivery", deliveryStateCheckAsList, with: deliveryStateCheckAsComparisons, db)
        let definition = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = 'delivery'") ?? ""
        guard !definition.contains("state IN") else {
            throw DatabaseError(message: "the delivery table's state check is not the one this migration knows")
        }
    }

    /// Replaces the check `old` by `new` in the stored definition of `table`, in the migration's
    /// transaction, with the schema version raised so that every connection reads the new
    /// definition; fails unless the definition then has `new`. Only for a change that leaves every
    /// stored row valid.
    static func replaceCheck(of table: String, _ old: String, with new: String, _ db: Database) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
        try db.execute(sql: "PRAGMA writable_schema = ON")
        try db.execute(
            sql: "UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?",
            arguments: [old, new, table]
        )
        try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
        try db.execute(sql: "PRAGMA writable_schema = OFF")
        let definition = try String.fetchOne(
            db,
            sql: "SELECT sql FROM sqlite_schema WHERE name = ?",
            arguments: [table]
        )
        guard definition?.contains(new) == true else {
            throw DatabaseError(message: "the \(table) table's check is not the one this migration knows")
        }
    }
}
