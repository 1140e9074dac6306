import GRDB

extension LedgerSchema {
    /// The bounce finding kinds as "v5-bounces" wrote their check into the table's definition.
    static let findingKindCheckBefore = "CHECK (kind IN ('hard', 'soft', 'complaint', 'unsubscribe'))"
    /// The same kinds and `blocked`, as comparisons (see ``checkDeliveryStateByComparisons(_:)``).
    static let findingKindCheckAfter =
        "CHECK (kind = 'hard' OR kind = 'soft' OR kind = 'complaint' OR kind = 'unsubscribe' OR kind = 'blocked')"

    /// Migration "v9-blocked-findings": a finding may be `blocked` (refused for the sender's side).
    ///
    /// Widening a check leaves every stored row valid, so the definition is edited in place as
    /// "v7-delivery-state-check" does, rather than copying the table.
    static func allowBlockedFindings(_ db: Database) throws {
        try replaceCheck(of: "bounceFinding", findingKindCheckBefore, with: findingKindCheckAfter, db)
    }
}
