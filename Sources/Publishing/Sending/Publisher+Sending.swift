import Composer
import Foundation
import Ledger
import NewsletterCore
import Signing

extension Publisher {
    /// The weekly job: resumes the unfinished issue if there is one, otherwise composes, records and
    /// delivers the next issue through `transport`.
    ///
    /// Holds the state file's lock for the whole run. `progress` is called after each delivery with
    /// the run's report and the number of deliveries it started with.
    package func send(
        through transport: any MailingTransport,
        date: Day = .today(),
        progress: (@Sendable (DeliveryReport, Int) -> Void)? = nil
    ) throws(NewsletterError) -> SendOutcome {
        let lock = try StateLock(for: configuration.stateFile)
        defer { withExtendedLifetime(lock) {} }
        let ledger = try Ledger.open(at: configuration.stateFile)
        if var unfinished = try ledger.unfinishedMailing(kind: .issue) {
            logger.info("resuming issue \(unfinished.number)")
            if !unfinished.isRecorded { unfinished = try finishRecording(unfinished, in: ledger) }
            try publishToArchive(issue: unfinished.number, from: ledger)
            var run = try deliver(unfinished, ledger: ledger, through: transport, progress: progress)
            run.resumed = true
            collapseOldDeliveries(in: ledger)
            return .delivered(run)
        }
        switch try nextIssue(ledger: ledger, date: date) {
        case .nothingNew(let reason):
            collapseOldDeliveries(in: ledger)
            return .nothingNew(reason)
        case .ready(let bulletin):
            let (mailing, problems) = try record(bulletin, in: ledger, recipients: { _ in true })
            try publishToArchive(issue: mailing.number, from: ledger)
            var run = try deliver(mailing, ledger: ledger, through: transport, progress: progress)
            run.listProblems = problems
            collapseOldDeliveries(in: ledger)
            return .delivered(run)
        }
    }

    /// Collapses the delivery rows of mailings complete for longer than `retention.deliveryDays`
    /// into counts (``Ledger/collapseDeliveries(completedBefore:chunkSize:)``). What it cannot do now
    /// (a full disk, say) the next send does: it is logged, never a failure of the send.
    private func collapseOldDeliveries(in ledger: Ledger) {
        do {
            let collapsed = try ledger.collapseDeliveries(
                completedBefore: Ledger.timestamp(daysAgo: configuration.deliveryDays),
                chunkSize: recordingChunk
            )
            if collapsed > 0 {
                let days = configuration.deliveryDays
                logger.info("collapsed the delivery rows of \(collapsed) mailing(s) complete for over \(days) days")
            }
        } catch {
            logger.warning("could not collapse old delivery rows (the next send tries again): \(error)")
        }
    }

    /// A one-off alert for `topic`: finishes any unfinished alert first, then composes, records and
    /// delivers the next alert to the subscribers who follow `topic` (or every topic).
    package func alert(
        topic: String,
        itemIDs: [String],
        through transport: any MailingTransport,
        date: Day = .today(),
        progress: (@Sendable (DeliveryReport, Int) -> Void)? = nil
    ) throws(NewsletterError) -> SendOutcome {
        let lock = try StateLock(for: configuration.stateFile)
        defer { withExtendedLifetime(lock) {} }
        let ledger = try Ledger.open(at: configuration.stateFile)
        if var unfinished = try ledger.unfinishedMailing(kind: .alert) {
            logger.warning("finishing alert \(unfinished.number) (\(unfinished.topic ?? "")) from an earlier run first")
            if !unfinished.isRecorded { unfinished = try finishRecording(unfinished, in: ledger) }
            var run = try deliver(unfinished, ledger: ledger, through: transport, progress: progress)
            run.resumed = true
            guard run.isFinished else { return .delivered(run) }
        }
        switch try nextAlert(topic: topic, itemIDs: itemIDs, ledger: ledger, date: date) {
        case .nothingNew(let reason):
            return .nothingNew(reason)
        case .ready(let bulletin):
            let (mailing, problems) = try record(bulletin, in: ledger, recipients: { $0.wants(topic: topic) })
            var run = try deliver(mailing, ledger: ledger, through: transport, progress: progress)
            run.listProblems = problems
            return .delivered(run)
        }
    }

    /// A test send of the next issue (or alert for `topic`) to one address through `transport`;
    /// records nothing. With nothing new to send it fails with `.badData`: there is no copy to test.
    package func testSend(
        to recipient: Subscriber,
        topic: String?,
        through transport: any MailingTransport,
        date: Day = .today()
    ) throws(NewsletterError) -> TestCopy {
        let ledger = try readOnlyLedger()
        let bulletin: Bulletin
        switch try nextMailing(topic: topic, ledger: ledger, date: date) {
        case .ready(let value): bulletin = value
        case .nothingNew(let reason): throw NewsletterError(.badData, "\(reason); there is nothing to test-send")
        }
        let rendered = try renderer().render(bulletin)
        let factory = try MessageFactory(
            configuration: configuration,
            kind: bulletin.kind,
            number: bulletin.number,
            rendered: rendered
        )
        let reader = listedCopy(of: recipient)
        guard let copy = copy(for: reader, of: bulletin, rendered: rendered) else {
            throw NewsletterError(.badData, "\(Self.noCopy(for: reader, of: bulletin)); there is nothing to test-send")
        }
        let reply = try transport.sendTestCopy(try factory.message(for: reader, copy: copy), to: reader.email)
        return TestCopy(address: reader.email, reply: reply)
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
            problems = try list.read(insert)
        }
        let mailing = try ledger.record(
            bulletin,
            rendered: rendered,
            recipients: insertRecipients,
            accepts: accepts,
            token: token,
            forgottenHash: try forgottenHash(),
            chunkSize: recordingChunk,
            afterChunk: pauseAfterChunk
        )
        for problem in problems { logger.info("\(problem)") }
        logger.info("recorded \(bulletin.kind.rawValue) \(bulletin.number) with \(bulletin.items.count) items")
        return (mailing, problems)
    }

    /// Finishes recording `mailing`, whose recording a crash cut short, from the list as it is now:
    /// the recipients it already has keep their deliveries, the rest get theirs.
    private func finishRecording(_ mailing: Mailing, in ledger: Ledger) throws(NewsletterError) -> Mailing {
        let what = "\(mailing.kind.rawValue) \(mailing.number)"
        logger.warning("\(what) was not wholly recorded (the run before stopped); recording the rest before sending")
        let list = subscriberList
        func insertRecipients(_ insert: (Subscriber) throws -> Void) throws {
            for problem in try list.read(insert) { logger.info("\(problem)") }
        }
        let topic = mailing.kind == .alert ? mailing.topic : nil
        return try ledger.recordRecipients(
            of: mailing,
            recipients: insertRecipients,
            accepts: { subscriber in topic.map { subscriber.wants(topic: $0) } ?? true },
            token: try readerTokens(),
            forgottenHash: try forgottenHash(),
            chunkSize: recordingChunk,
            afterChunk: pauseAfterChunk
        )
    }

    /// The pause after each chunk of a recording that a test asked for, or `nil`.
    private var pauseAfterChunk: ((Int) -> Void)? {
        guard recordingPauseMilliseconds > 0 else { return nil }
        let pause = UInt32(min(recordingPauseMilliseconds, 60_000)) * 1_000
        return { _ in usleep(pause) }
    }

    /// Delivers what is left of `mailing` through `transport`.
    private func deliver(
        _ mailing: Mailing,
        ledger: Ledger,
        through transport: any MailingTransport,
        progress: (@Sendable (DeliveryReport, Int) -> Void)?
    ) throws(NewsletterError) -> MailingResult {
        guard mailing.isRecorded else {
            throw NewsletterError(
                .temporaryFailure,
                "\(mailing.kind.rawValue) \(mailing.number) is not wholly recorded yet; run the command again"
            )
        }
        let before = try ledger.deliveryCounts(of: mailing)
        let total = before.values.reduce(0, +)
        let waiting = (before[.pending] ?? 0) + (before[.deferred] ?? 0)
        let factory = try MessageFactory(
            configuration: configuration,
            kind: mailing.kind,
            number: mailing.number,
            rendered: mailing.rendered,
            editions: try ledger.editions(of: mailing)
        )
        var onProgress: (@Sendable (DeliveryReport) -> Void)?
        if let progress { onProgress = { report in progress(report, waiting) } }
        let report = try transport.deliver(
            mailing,
            messages: factory,
            ledger: ledger,
            envelopeSender: try verpEnvelopeSender(),
            progress: onProgress
        )
        let after = try ledger.deliveryCounts(of: mailing)
        return MailingResult(
            mailing: mailing,
            report: report,
            left: (after[.pending] ?? 0) + (after[.deferred] ?? 0),
            total: total,
            skipped: after[.skipped] ?? 0
        )
    }

    /// Makes each recipient's unsubscribe token, for the ledger to remember; `nil` for a list without
    /// an unsubscribe secret. Fails with `.badConfiguration` (exit 78) naming the variable or file when
    /// the secret is unset or too short, before anything is recorded.
    func readerTokens() throws(NewsletterError) -> (@Sendable (Subscriber) -> String)? {
        guard let keys = try configuration.signingKeys() else { return nil }
        return { subscriber in ReaderToken.make(for: subscriber.key, keys: keys) }
    }

    /// The keyed hash an erased address is remembered by (``ErasedAddress``); `nil` without a secret.
    func forgottenHash() throws(NewsletterError) -> (@Sendable (String) -> String)? {
        guard let keys = try configuration.signingKeys() else { return nil }
        return { emailKey in ErasedAddress.hash(of: emailKey, keys: keys) }
    }
}
