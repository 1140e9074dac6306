import GRDB

/// A `bounceFinding` row (migration "v5-bounces"): what one report found about one address.
struct BounceFindingRecord: Codable, PersistableRecord {
    static let databaseTableName = "bounceFinding"

    /// The report's Message-ID, or a digest of its bytes.
    var reportKey: String
    /// The address in lower case.
    var emailKey: String
    /// The address as the list has it.
    var email: String
    /// A ``BounceKind`` raw value.
    var kind: String
    /// The RFC 3463 status, when the report gave one.
    var status: String?
    /// What the report said, one line.
    var detail: String
    /// The delivery it is about, if known.
    var deliveryId: Int64?
    /// The mailing of that delivery.
    var mailingId: Int64?
    /// When it was recorded (ISO 8601 UTC).
    var createdAt: String
}
