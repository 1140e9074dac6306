import GRDB
import NewsletterCore

extension Delivery: FetchableRecord {
    /// A delivery from the `id`, `email`, `name`, `attempts` and (when selected) `edition` columns
    /// of a `delivery` row, and (when selected) the reader's `linkGeneration`.
    ///
    /// Decoded by hand: the address and name make the nested ``Reader``.
    package init(row: Row) throws {
        var reader = Reader(email: try row.decode(forColumn: "email"), name: try row.decode(forColumn: "name"))
        if row.hasColumn("linkGeneration") { reader.linkGeneration = try row.decode(forColumn: "linkGeneration") ?? 0 }
        self.init(
            id: try row.decode(forColumn: "id"),
            reader: reader,
            attempts: try row.decode(forColumn: "attempts"),
            editionNumber: row.hasColumn("edition") ? try row.decode(forColumn: "edition") : nil
        )
    }
}

/// The `email` and `reply` columns of a `delivery` row.
struct DeliveryReplyRecord: Decodable, FetchableRecord {
    /// The address as the list has it.
    var email: String
    /// The server's last reply, or `nil` before the first attempt.
    var reply: String?
}
