import Composer
import Foundation
import Ledger

extension Publisher {
    /// What a `send` or `alert` run did, for the summary line and the exit status.
    package struct SendOutcome: Sendable {
        /// The mailing delivered, or `nil` when there was nothing to send.
        package var mailing: Mailing?
        /// Whether it was an unfinished mailing from an earlier run.
        package var resumed = false
        /// What this run did.
        package var report = DeliveryReport()
        /// Deliveries of the mailing still pending or deferred after this run.
        package var left = 0
        /// Deliveries of the mailing, in all.
        package var total = 0
        /// Why nothing was sent, when nothing was.
        package var nothingNew: String?
        /// Problems in the subscriber list (skipped rows).
        package var listProblems: [Diagnostic] = []
    }

    /// The weekly job: resumes the unfinished issue if there is one, otherwise composes, records and
    /// delivers the next issue.
    ///
    /// Holds the state file's lock for the whole run. `progress` is called after each delivery.
    package func send(
        date: Day = .today(),
        progress: (@Sendable (DeliveryReport, Int) -> Void)? = nil
    ) throws(NewsletterError) -> SendOutcome {
        let lock = try StateLock(for: configuration.stateFile)
        defer { withExtendedLifetime(lock) {} }
        let ledger = try Ledger.open(at: configuration.stateFile)
        if let unfinished = try ledger.unfinishedMailing(kind: .issue) {
            logger.info("resuming issue \(unfinished.number)")
            try publishToArchive(issue: unfinished.number, from: ledger)
            var outcome = try deliver(unfinished, ledger: ledger, progress: progress)
            outcome.resumed = true
            return outcome
        }
        switch try nextIssue(ledger: ledger, date: date) {
        case .failure(let nothing):
            return SendOutcome(nothingNew: nothing.message)
        case .success(let bulletin):
            let (mailing, problems) = try record(bulletin, in: ledger, recipients: { _ in true })
            try publishToArchive(issue: mailing.number, from: ledger)
            var outcome = try deliver(mailing, ledger: ledger, progress: progress)
            outcome.listProblems = problems
            return outcome
        }
    }

    /// A one-off alert for `topic`: finishes any unfinished alert first, then composes, records and
    /// delivers the next alert to the subscribers who follow `topic` (or every topic).
    package func alert(
        topic: String,
        itemIDs: [String],
        date: Day = .today(),
        progress: (@Sendable (DeliveryReport, Int) -> Void)? = nil
    ) throws(NewsletterError) -> SendOutcome {
        let lock = try StateLock(for: configuration.stateFile)
        defer { withExtendedLifetime(lock) {} }
        let ledger = try Ledger.open(at: configuration.stateFile)
        if let unfinished = try ledger.unfinishedMailing(kind: .alert) {
            logger.warning("finishing alert \(unfinished.number) (\(unfinished.topic ?? "")) from an earlier run first")
            var outcome = try deliver(unfinished, ledger: ledger, progress: progress)
            outcome.resumed = true
            guard outcome.left == 0, outcome.report.abort == nil else { return outcome }
        }
        switch try nextAlert(topic: topic, itemIDs: itemIDs, ledger: ledger, date: date) {
        case .failure(let nothing):
            return SendOutcome(nothingNew: nothing.message)
        case .success(let bulletin):
            let (mailing, problems) = try record(bulletin, in: ledger, recipients: { $0.wants(topic: topic) })
            var outcome = try deliver(mailing, ledger: ledger, progress: progress)
            outcome.listProblems = problems
            return outcome
        }
    }

    /// A test send of the next issue (or alert for `topic`) to one address; records nothing.
    package func testSend(
        to recipient: Subscriber,
        topic: String?,
        date: Day = .today()
    ) throws(NewsletterError) -> SMTPReply {
        let ledger = try readOnlyLedger()
        let bulletin: Bulletin
        switch try nextMailing(topic: topic, ledger: ledger, date: date) {
        case .success(let value): bulletin = value
        case .failure(let nothing): throw NewsletterError(.badData, "\(nothing.message); there is nothing to test-send")
        }
        let rendered = try renderer().render(bulletin)
        let factory = try MessageFactory(
            configuration: configuration,
            kind: bulletin.kind,
            number: bulletin.number,
            rendered: rendered
        )
        let settings = try smtpSettings()
        let connection: SMTPConnection
        do { connection = try SMTPConnection(settings: settings) } catch {
            throw NewsletterError(.badConfiguration, error.message, context: configuration.file.path)
        }
        let copy = listedCopy(of: recipient)
        return connection.send(
            from: configuration.from.address,
            to: copy.email,
            message: try factory.message(for: copy)
        )
    }

    // MARK: - Steps

    /// Records `bulletin` with one pending delivery per active subscriber that `recipients` accepts.
    private func record(
        _ bulletin: Bulletin,
        in ledger: Ledger,
        recipients accepts: (Subscriber) -> Bool
    ) throws(NewsletterError) -> (Mailing, [Diagnostic]) {
        let token = try readerTokens()
        let rendered = try renderer().render(bulletin)
        let list = subscriberList
        var problems: [Diagnostic] = []
        func insertRecipients(_ insert: (Subscriber) throws -> Void) throws {
            problems = try list.forEach { subscriber in
                if accepts(subscriber) { try insert(subscriber) }
            }
        }
        let mailing = try ledger.record(bulletin, rendered: rendered, recipients: insertRecipients, token: token)
        for problem in problems { logger.info("\(problem)") }
        logger.info("recorded \(bulletin.kind.rawValue) \(bulletin.number) with \(bulletin.items.count) items")
        return (mailing, problems)
    }

    /// Delivers what is left of `mailing`.
    private func deliver(
        _ mailing: Mailing,
        ledger: Ledger,
        progress: (@Sendable (DeliveryReport, Int) -> Void)?
    ) throws(NewsletterError) -> SendOutcome {
        let before = try ledger.deliveryCounts(of: mailing)
        let total = before.values.reduce(0, +)
        let waiting = (before[.pending] ?? 0) + (before[.deferred] ?? 0)
        let factory = try MessageFactory(
            configuration: configuration,
            kind: mailing.kind,
            number: mailing.number,
            rendered: mailing.rendered
        )
        let settings = try smtpSettings()
        var onProgress: (@Sendable (DeliveryReport) -> Void)?
        if let progress { onProgress = { report in progress(report, waiting) } }
        var run = DeliveryRun(
            mailing: mailing,
            factory: factory,
            ledger: ledger,
            settings: settings,
            sender: configuration.from.address,
            connections: configuration.smtp.connections,
            ratePerSecond: configuration.smtp.ratePerSecond,
            maxAttempts: configuration.smtp.maxAttempts,
            logger: logger,
            progress: onProgress
        )
        if configuration.allRelays.count > 1 {
            run.relays = try configuration.allRelays.map { relay throws(NewsletterError) in
                DeliveryRelay(
                    name: relay.url,
                    settings: try smtpSettings(for: relay),
                    connections: relay.connections,
                    ratePerSecond: relay.ratePerSecond
                )
            }
        }
        run.envelopeSender = try verpEnvelopeSender()
        let report = try run.run()
        let after = try ledger.deliveryCounts(of: mailing)
        return SendOutcome(
            mailing: mailing,
            report: report,
            left: (after[.pending] ?? 0) + (after[.deferred] ?? 0),
            total: total
        )
    }

    /// The SMTP settings, with the password read from the environment.
    func smtpSettings() throws(NewsletterError) -> SMTPSettings {
        try smtpSettings(for: configuration.smtp)
    }

    /// The settings of one relay of the pool, with its password read from the environment.
    func smtpSettings(for smtp: Configuration.SMTP) throws(NewsletterError) -> SMTPSettings {
        var password: String?
        if smtp.username != nil, let variable = smtp.passwordEnvironmentVariable {
            guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                throw NewsletterError(
                    .badConfiguration,
                    "smtp.passwordEnv: the environment variable \(variable) is not set; export it with the SMTP password",
                    context: configuration.file.path
                )
            }
            password = value
        }
        return SMTPSettings(
            url: smtp.url,
            tls: smtp.tls,
            username: smtp.username,
            password: password,
            caFile: smtp.caFile?.path,
            timeoutSeconds: smtp.timeoutSeconds,
            heloDomain: String(configuration.from.domain)
        )
    }
}
