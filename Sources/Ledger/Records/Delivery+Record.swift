import GRDB
import NewsletterCore

extension Delivery: FetchableRecord {
    /// A delivery from the `id`, `email`, `name`, `attempts` and (when selected) `edition` columns
    /// of a `delivery` row.
    ///
    /// Decoded by hand: the address and name make the nested ``Reader``.
    package init(row: Row) throws {
        self.init(
            id: try row.decode(forColumn: "id"),
            reader: Reader(email: try row.decode(forColumn: "email"), name: try row.decode(forColumn: "name")),
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
