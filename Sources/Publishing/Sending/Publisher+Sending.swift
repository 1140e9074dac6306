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
            try addToArchive(issue: unfinished.number, from: ledger)
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
            let (mailing, problems) = try record(bulletin, in: ledger)
            try addToArchive(issue: mailing.number, from: ledger)
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
                completedBefore: Clock.system.timestamp(daysAgo: configuration.deliveryDays),
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
            let (mailing, problems) = try record(bulletin, in: ledger)
            var run = try deliver(mailing, ledger: ledger, through: transport, progress: progress)
            run.listProblems = problems
            return .delivered(run)
        }
    }

    /// A test send of the next issue (or alert for `topic`) to one address through `transport`;
    /// records nothing. With nothing new to send it fails with `.badData`: there is no copy to test.
    package func testSend(
        to recipient: Reader,
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
        let reader = withOwnChoices(recipient)
        guard let edition = edition(for: reader, of: bulletin, rendered: rendered) else {
            throw NewsletterError(.badData, "\(Self.noCopy(for: reader, of: bulletin)); there is nothing to test-send")
        }
        let reply = try transport.sendTestCopy(try factory.message(for: reader, edition: edition), to: reader.email)
        return TestCopy(address: reader.email, reply: reply)
    }

    // MARK: - Steps

    /// Records `bulletin` with a delivery for each reader its ``Audience`` admits; returns the
    /// mailing and the subscriber file's problems (rows skipped).
    private func record(_ bulletin: Bulletin, in ledger: Ledger) throws(NewsletterError) -> (Mailing, [Diagnostic]) {
        var problems: [Diagnostic] = []
        // The secret is checked (exit 78) before anything is rendered or recorded.
        let recording = try recording { problems = $0 }
        let mailing = try ledger.record(bulletin, rendered: try renderer().render(bulletin), recording)
        for problem in problems { logger.info("\(problem)") }
        logger.info("recorded \(bulletin.kind.rawValue) \(bulletin.number) with \(bulletin.items.count) items")
        return (mailing, problems)
    }

    /// Finishes recording `mailing`, whose recording a crash cut short, from the list as it is now:
    /// the readers it already has keep their deliveries, the rest get theirs.
    private func finishRecording(_ mailing: Mailing, in ledger: Ledger) throws(NewsletterError) -> Mailing {
        let what = "\(mailing.kind.rawValue) \(mailing.number)"
        logger.warning("\(what) was not wholly recorded (the run before stopped); recording the rest before sending")
        return try ledger.recordDeliveries(
            of: mailing,
            try recording { problems in for problem in problems { logger.info("\(problem)") } }
        )
    }

    /// How a mailing's deliveries are recorded: the subscriber file streamed row by row (its
    /// problems handed to `problems` at the end), each reader's token and the erased list's hash
    /// made with the list's keys, in chunks of ``recordingChunk``. Fails with `.badConfiguration`
    /// (exit 78) naming the variable or file when the secret is unset or too short, before
    /// anything is recorded.
    private func recording(problems: @escaping ([Diagnostic]) -> Void) throws(NewsletterError) -> Recording {
        let file = subscriberFile
        let keys = try configuration.signingKeys()
        var pause: ((Int) -> Void)?
        if recordingPauseMilliseconds > 0 {
            let microseconds = UInt32(min(recordingPauseMilliseconds, 60_000)) * 1_000
            pause = { _ in usleep(microseconds) }
        }
        return Recording(
            listedReaders: { each in problems(try file.read(each)) },
            token: keys.map { keys in { reader in ReaderToken.make(for: reader.key, keys: keys) } },
            erasedHash: keys.map { keys in { emailKey in ErasedAddress.hash(of: emailKey, keys: keys) } },
            chunkSize: recordingChunk,
            afterChunk: pause
        )
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
}
