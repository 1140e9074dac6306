import GRDB
import NewsletterCore

extension Ledger {
    /// The deliveries among `ids` that exist, in the order given.
    package func bounceTargets(deliveryIDs ids: [Int64]) throws(NewsletterError) -> [BounceTarget] {
        try read { db in
            try ids.compactMap { id in
                try BounceTarget.fetchOne(
                    db,
                    sql: """
                        SELECT id, mailingId, emailKey, \(DeliveryInserter.address) AS email FROM delivery WHERE id = ?
                        """,
                    arguments: [id]
                )
            }
        }
    }

    /// The latest delivery that went out (`sent`) to `email`, or `nil` when the list never mailed it.
    package func lastSentDelivery(to email: String) throws(NewsletterError) -> BounceTarget? {
        try read { db in
            try BounceTarget.fetchOne(
                db,
                sql: """
                    SELECT id, mailingId, emailKey, \(DeliveryInserter.address) AS email FROM delivery
                    WHERE emailKey = ? AND state = 'sent' ORDER BY id DESC LIMIT 1
                    """,
                arguments: [email.lowercased()]
            )
        }
    }

    /// A copy the list sent, as a report that quotes its Message-ID must match it.
    package struct SentCopy: Sendable {
        /// The mailing's kind and number.
        package var kind: Bulletin.Kind
        package var number: Int
        /// The address in lower case.
        package var emailKey: String
        /// The Message-ID kept with the delivery by releases before the ledger stopped keeping it
        /// (the Message-ID is made again from the mailing and the address); `nil` since.
        package var keptMessageID: String?
    }

    /// The latest delivery sent to `email` whose copy `answers` says the report answers, or `nil`:
    /// what lets a report without a VERP token prove which copy it answers.
    package func sentDelivery(
        to email: String,
        answeredBy answers: (SentCopy) -> Bool
    ) throws(NewsletterError) -> BounceTarget? {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT delivery.id, delivery.mailingId, delivery.emailKey, \(DeliveryInserter.address) AS email,
                        delivery.messageId,
                        mailing.kind, mailing.number
                    FROM delivery JOIN mailing ON mailing.id = delivery.mailingId
                    WHERE delivery.emailKey = ? AND delivery.state = 'sent' ORDER BY delivery.id DESC
                    """,
                arguments: [email.lowercased()]
            )
            guard
                let row = rows.first(where: { (row: Row) in
                    guard let kind = Bulletin.Kind(rawValue: row["kind"]) else { return false }
                    return answers(
                        SentCopy(
                            kind: kind,
                            number: row["number"],
                            emailKey: row["emailKey"],
                            keptMessageID: row["messageId"]
                        )
                    )
                })
            else { return nil }
            return BounceTarget(
                deliveryID: row["id"],
                mailingID: row["mailingId"],
                emailKey: row["emailKey"],
                email: row["email"]
            )
        }
    }

    /// Records what report `reportKey` found about `target`, and suppresses the address when the
    /// finding calls for it, in one transaction; a finding recorded before changes nothing.
    ///
    /// Hard bounces, complaints and unsubscribes suppress at once. A soft bounce suppresses once the
    /// address's latest `softLimit` sent deliveries all have one (a later clean delivery resets it).
    package func recordBounce(
        report reportKey: String,
        target: BounceTarget,
        kind: BounceKind,
        status: String?,
        detail: String,
        softLimit: Int
    ) throws(NewsletterError) -> BounceRecording {
        try write { db in
            let now = Clock.system.timestamp()
            try BounceFindingRecord(
                reportKey: reportKey,
                emailKey: target.emailKey,
                email: target.email,
                kind: kind.rawValue,
                status: status,
                detail: detail,
                deliveryId: target.deliveryID,
                mailingId: target.mailingID,
                createdAt: now
            )
            .insert(db, onConflict: .ignore)
            guard db.changesCount > 0 else { return .alreadyRecorded }
            let suppression: SuppressionKind?
            switch kind {
            case .hard: suppression = .hardBounce
            case .complaint: suppression = .complaint
            case .unsubscribe: suppression = .mail
            case .blocked, .ignored: suppression = nil
            case .soft:
                let recent = try Bool.fetchAll(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM bounceFinding f WHERE f.deliveryId = d.id AND f.kind = 'soft')
                        FROM delivery d WHERE d.emailKey = ? AND d.state = 'sent' ORDER BY d.id DESC LIMIT ?
                        """,
                    arguments: [target.emailKey, softLimit]
                )
                suppression = recent.count == softLimit && recent.allSatisfy { $0 } ? .softBounces : nil
            }
            guard let suppression else { return .recorded(suppressed: nil) }
            let reason =
                switch suppression {
                case .hardBounce: "hard bounce \(status ?? "5.0.0"): \(detail)"
                case .complaint: "complaint: \(detail)"
                case .softBounces:
                    "soft bounces in \(softLimit) consecutive mailings, last \(status ?? "4.0.0"): \(detail)"
                default: "unsubscribed by mail"
                }
            try SuppressionRecord(
                emailKey: target.emailKey,
                email: target.email,
                reason: String(reason.prefix(300)),
                kind: suppression.rawValue,
                createdAt: now
            )
            .insert(db, onConflict: .ignore)
            return .recorded(suppressed: db.changesCount > 0 ? suppression : nil)
        }
    }

    /// The hard and soft bounces and complaints reported for `mailing`.
    package func bounceCounts(of mailing: Mailing) throws(NewsletterError) -> BounceCounts {
        try read { db in
            let counts = try GroupCount.fetchAll(
                db,
                sql: "SELECT kind AS key, COUNT(*) AS count FROM bounceFinding WHERE mailingId = ? GROUP BY kind",
                arguments: [mailing.id]
            )
            .keyed(by: BounceKind.self)
            return BounceCounts(
                hard: counts[.hard] ?? 0,
                soft: counts[.soft] ?? 0,
                complaints: counts[.complaint] ?? 0,
                blocked: counts[.blocked] ?? 0
            )
        }
    }

    /// The `blocked` findings reported for `mailing`, by receiving domain, the largest first (at
    /// most `limit` domains): each with its count and one of its statuses and texts.
    package func blockedFindingsByDomain(
        of mailing: Mailing,
        limit: Int = 5
    ) throws(NewsletterError) -> [(domain: String, count: Int, detail: String)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT substr(emailKey, instr(emailKey, '@') + 1) AS domain, COUNT(*) AS count,
                           MIN(trim(coalesce(status, '') || ' ' || detail)) AS detail
                    FROM bounceFinding WHERE mailingId = ? AND kind = 'blocked'
                    GROUP BY domain ORDER BY count DESC, domain LIMIT ?
                    """,
                arguments: [mailing.id, limit]
            )
            .map { (domain: $0["domain"], count: $0["count"], detail: $0["detail"]) }
        }
    }

    /// How many addresses are suppressed, by kind (kinds with none left out).
    package func suppressionCounts() throws(NewsletterError) -> [SuppressionKind: Int] {
        try read { db in
            try GroupCount.fetchAll(db, sql: "SELECT kind AS key, COUNT(*) AS count FROM suppression GROUP BY kind")
                .keyed(by: SuppressionKind.self)
        }
    }

    /// The suppression kind of `email`, or `nil` when it is not suppressed.
    package func suppressionKind(of email: String) throws(NewsletterError) -> SuppressionKind? {
        try read { db in
            try SuppressionRecord.fetchOne(db, key: email.lowercased()).flatMap { SuppressionKind(rawValue: $0.kind) }
        }
    }

}

extension BounceTarget: FetchableRecord {}

/// The bounce counts of one mailing: its kind and number, and its findings by kind.
struct MailingBounceCountsRecord: Decodable, FetchableRecord {
    /// `issue` or `alert`.
    var kind: String
    /// The mailing's number within its kind.
    var number: Int
    /// Hard bounces.
    var hard: Int
    /// Soft bounces.
    var soft: Int
    /// Complaints.
    var complaints: Int
    /// Refusals for the sender's side.
    var blocked: Int
}

extension Ledger {
    /// The bounce counts of the latest `limit` mailings that have any, newest first.
    package func bounceCountsByMailing(
        limit: Int = 5
    ) throws(NewsletterError) -> [(kind: String, number: Int, counts: BounceCounts)] {
        try read { db in
            try MailingBounceCountsRecord.fetchAll(
                db,
                sql: """
                    SELECT m.kind, m.number, SUM(f.kind = 'hard') AS hard, SUM(f.kind = 'soft') AS soft,
                           SUM(f.kind = 'complaint') AS complaints, SUM(f.kind = 'blocked') AS blocked
                    FROM bounceFinding f JOIN mailing m ON m.id = f.mailingId
                    GROUP BY m.id ORDER BY m.id DESC LIMIT ?
                    """,
                arguments: [limit]
            )
            .map { row in
                (
                    kind: row.kind, number: row.number,
                    counts: BounceCounts(
                        hard: row.hard,
                        soft: row.soft,
                        complaints: row.complaints,
                        blocked: row.blocked
                    )
                )
            }
        }
    }
}
