import Composer
import GRDB

extension Ledger {
    /// The deliveries among `ids` that exist, in the order given.
    package func bounceTargets(deliveryIDs ids: [Int64]) throws(NewsletterError) -> [BounceTarget] {
        try read { db in
            try ids.compactMap { id in
                try BounceTarget.fetchOne(
                    db,
                    sql: "SELECT id, mailingId, emailKey, email FROM delivery WHERE id = ?",
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
                    SELECT id, mailingId, emailKey, email FROM delivery WHERE emailKey = ? AND state = 'sent'
                    ORDER BY id DESC LIMIT 1
                    """,
                arguments: [email.lowercased()]
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
            let now = Self.now()
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO bounceFinding (reportKey, emailKey, email, kind, status, detail, deliveryId, mailingId, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    reportKey, target.emailKey, target.email, kind.rawValue, status, detail,
                    target.deliveryID, target.mailingID, now,
                ]
            )
            guard db.changesCount > 0 else { return .alreadyRecorded }
            let suppression: SuppressionKind?
            switch kind {
            case .hard: suppression = .hardBounce
            case .complaint: suppression = .complaint
            case .unsubscribe: suppression = .mail
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
            try db.execute(
                sql:
                    "INSERT OR IGNORE INTO suppression (emailKey, email, reason, kind, createdAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [target.emailKey, target.email, String(reason.prefix(300)), suppression.rawValue, now]
            )
            return .recorded(suppressed: db.changesCount > 0 ? suppression : nil)
        }
    }

    /// The hard and soft bounces and complaints reported for `mailing`.
    package func bounceCounts(of mailing: Mailing) throws(NewsletterError) -> BounceCounts {
        try read { db in
            var counts = BounceCounts()
            for row in try Row.fetchAll(
                db,
                sql: "SELECT kind, COUNT(*) AS n FROM bounceFinding WHERE mailingId = ? GROUP BY kind",
                arguments: [mailing.id]
            ) {
                switch BounceKind(rawValue: row["kind"]) {
                case .hard: counts.hard = row["n"]
                case .soft: counts.soft = row["n"]
                case .complaint: counts.complaints = row["n"]
                default: break
                }
            }
            return counts
        }
    }

    /// How many addresses are suppressed, by kind (kinds with none left out).
    package func suppressionCounts() throws(NewsletterError) -> [SuppressionKind: Int] {
        try read { db in
            var counts: [SuppressionKind: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) AS n FROM suppression GROUP BY kind") {
                if let kind = SuppressionKind(rawValue: row["kind"]) { counts[kind] = row["n"] }
            }
            return counts
        }
    }

    /// The suppression kind of `email`, or `nil` when it is not suppressed.
    package func suppressionKind(of email: String) throws(NewsletterError) -> SuppressionKind? {
        try read { db in
            try String.fetchOne(
                db,
                sql: "SELECT kind FROM suppression WHERE emailKey = ?",
                arguments: [email.lowercased()]
            )
            .flatMap(SuppressionKind.init(rawValue:))
        }
    }

}

extension BounceTarget: FetchableRecord {
    /// A target from a `delivery` row (`id`, `mailingId`, `emailKey`, `email`).
    package init(row: Row) {
        self.init(deliveryID: row["id"], mailingID: row["mailingId"], emailKey: row["emailKey"], email: row["email"])
    }
}

extension Ledger {
    /// The bounce counts of the latest `limit` mailings that have any, newest first.
    package func bounceCountsByMailing(
        limit: Int = 5
    ) throws(NewsletterError) -> [(kind: String, number: Int, counts: BounceCounts)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT m.kind, m.number,
                           SUM(f.kind = 'hard') AS hard, SUM(f.kind = 'soft') AS soft, SUM(f.kind = 'complaint') AS complaints
                    FROM bounceFinding f JOIN mailing m ON m.id = f.mailingId
                    GROUP BY m.id ORDER BY m.id DESC LIMIT ?
                    """,
                arguments: [limit]
            ).map { row in
                (
                    kind: row["kind"], number: row["number"],
                    counts: BounceCounts(hard: row["hard"], soft: row["soft"], complaints: row["complaints"])
                )
            }
        }
    }
}
