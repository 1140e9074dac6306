import GRDB

extension LedgerSchema {
    /// Migration "v6-delivery-indexes": the delivery indexes without `state`.
    ///
    /// A send commits each outcome on its own at one connection, and an index that contains
    /// `state` is rewritten by every outcome: with two of them, a commit wrote three to five pages.
    /// Indexed by mailing and by address alone, an outcome rewrites only the delivery's own page.
    /// The queries still find their rows through them: a mailing's deliveries in id order (an
    /// index holds the row id after its columns) and an address's deliveries, one per mailing.
    static func indexDeliveriesWithoutState(_ db: Database) throws {
        try db.execute(
            sql: """
                DROP INDEX deliveryByState;
                DROP INDEX deliveryByAddress;
                CREATE INDEX deliveryByMailing ON delivery(mailingId);
                CREATE INDEX deliveryByEmailKey ON delivery(emailKey);
                """
        )
    }
}
