import BounceReports
import Foundation
import Ledger
import NewsletterCore
import Settings
import Signing

extension Publisher {
    /// The largest report read; a bigger message is skipped with one line.
    package static let reportSizeLimit = 50 * 1024 * 1024

    /// The VERP envelope sender of each delivery when `bounces.address` is set, else `nil`.
    package func verpEnvelopeSender() throws(NewsletterError) -> (@Sendable (Delivery) -> String)? {
        guard let address = configuration.bounces?.address, let keys = try configuration.bounceSigningKeys() else {
            return nil
        }
        return { delivery in BounceToken.envelopeSender(address, deliveryID: delivery.id, keys: keys) }
    }

    /// The judge of reports for this list, with `ledger` (if any) to check deliveries and tokens against.
    package func bounceJudge(ledger: Ledger?) throws(NewsletterError) -> BounceJudge {
        let bounces = configuration.bounces
        let own = [configuration.from.address, configuration.replyTo?.address].compactMap { $0 }
        let reader = ReportReader(
            bounceAddress: bounces?.address,
            unsubscribeAddress: configuration.unsubscribe.mailto,
            ownAddresses: own,
            messageIDDomain: String(configuration.from.domain)
        )
        return BounceJudge(
            reader: reader,
            verpKeys: try configuration.bounceSigningKeys(),
            readerKeys: try configuration.signingKeys(),
            ledger: ledger
        )
    }

    /// Reads the reports in `paths` (`.eml` files or mbox files) and records what they find, or
    /// with `dryRun` only passes each finding's line to `emit` and records nothing.
    ///
    /// A missing file, an unreadable message, a message over 50 MB or a damaged mbox is one line to
    /// `problem`; the rest is processed.
    package func readBounceFiles(
        _ paths: [String],
        dryRun: Bool,
        explain: Bool = false,
        emit: (String) -> Void,
        problem: (String) -> Void
    ) throws(NewsletterError) -> BounceSummary {
        let ledger = dryRun ? try readOnlyLedger() : try Ledger.open(at: configuration.stateFile)
        let judge = try bounceJudge(ledger: ledger)
        var summary = BounceSummary()
        for path in paths {
            guard FileManager.default.fileExists(atPath: path) else {
                problem("\(path): no such file; name .eml or mbox files")
                summary.missingFiles += 1
                continue
            }
            do {
                try ReportFile.read(
                    path,
                    limit: Self.reportSizeLimit,
                    problem: { line in
                        problem(line)
                        summary.unreadable += 1
                    },
                    each: { source, bytes in
                        try handle(
                            bytes,
                            source: source,
                            judge: judge,
                            dryRun: dryRun,
                            explain: explain,
                            summary: &summary,
                            emit: emit,
                            problem: problem
                        )
                    }
                )
            } catch let error as NewsletterError {
                throw error
            } catch {
                problem("\(path): cannot read it: \(error.localizedDescription)")
                summary.unreadable += 1
            }
        }
        return summary
    }

    /// Polls `bounces.mailbox` through `inboxes`: reads each waiting message, records its findings, and
    /// only then moves it to the processed folder (POP3: deletes it), one message at a time.
    ///
    /// `afterRecording` runs between recording a message and moving it (a test uses it to crash there).
    /// Fails with `.unavailable` when the server cannot be reached and `.authenticationFailed` when it
    /// refuses the login.
    package func pollReportInbox(
        through inboxes: any ReportInboxService,
        afterRecording: (() -> Void)? = nil,
        problem: (String) -> Void
    ) throws(NewsletterError) -> BounceSummary {
        guard let settings = configuration.bounces?.reportInbox else {
            throw NewsletterError(
                .badConfiguration,
                "bounces.mailbox is not set: name the mailbox to poll, or give report files",
                context: configuration.file.path
            )
        }
        guard let password = ProcessInfo.processInfo.environment[settings.passwordEnvironmentVariable],
            !password.isEmpty
        else {
            throw NewsletterError(
                .badConfiguration,
                "bounces.mailbox.passwordEnv: the environment variable \(settings.passwordEnvironmentVariable) is "
                    + "not set; export it with the mailbox password",
                context: configuration.file.path
            )
        }
        let ledger = try Ledger.open(at: configuration.stateFile)
        let judge = try bounceJudge(ledger: ledger)
        var summary = BounceSummary()
        let mailbox = try inboxes.open(settings, password: password)
        defer { mailbox.close() }
        for message in try mailbox.waitingReports() {
            switch try mailbox.fetch(message, maximumBytes: Self.reportSizeLimit) {
            case .tooLarge(let limit):
                problem("\(message.source): larger than \(limit / 1024 / 1024) MB; skipped and moved to Processed")
                summary.unreadable += 1
            case .message(let bytes):
                try handle(
                    bytes[...],
                    source: message.source,
                    judge: judge,
                    dryRun: false,
                    summary: &summary,
                    emit: { _ in },
                    problem: problem
                )
            }
            afterRecording?()
            try mailbox.markProcessed(message)
        }
        return summary
    }

    /// Reads, judges and (unless `dryRun`) records one report.
    private func handle(
        _ bytes: ArraySlice<UInt8>,
        source: String,
        judge: BounceJudge,
        dryRun: Bool,
        explain: Bool = false,
        summary: inout BounceSummary,
        emit: (String) -> Void,
        problem: (String) -> Void
    ) throws(NewsletterError) {
        let report = judge.reader.read(bytes)
        summary.reports += 1
        if let unreadable = report.problem {
            problem("\(source): \(unreadable); skipped")
            summary.unreadable += 1
        }
        let softLimit = configuration.bounces?.softLimit ?? Configuration.Bounces.defaultSoftLimit
        for verdict in try judge.judge(report) {
            let finding = verdict.finding
            summary.findings[finding.kind, default: 0] += 1
            let address = verdict.target?.email ?? finding.address ?? "-"
            if dryRun {
                let line = "\(finding.kind.rawValue)\t\(address)\t\(finding.status ?? "-")\t\(source)"
                emit(explain ? line + "\t" + Self.explanation(of: finding) : line)
                continue
            }
            logger.info("\(source): \(finding.kind.rawValue) \(address) \(finding.status ?? "-"): \(finding.detail)")
            guard let target = verdict.target, let ledger = judge.ledger, finding.kind != .ignored else { continue }
            switch try ledger.recordBounce(
                report: report.identity,
                target: target,
                kind: finding.kind,
                status: finding.status,
                detail: finding.detail,
                softLimit: softLimit
            )
            {
            case .alreadyRecorded: summary.alreadyRecorded += 1
            case .recorded(let suppressed): if suppressed != nil { summary.suppressed += 1 }
            }
        }
    }

    /// Why a finding has its class, for `--explain`: the rule that matched and its reason, or the
    /// finding's own note (an ignored report says why), and the receiver's text.
    static func explanation(of finding: BounceFinding) -> String {
        let rule = finding.rule.flatMap(RefusalRules.rule(named:))
        let why = rule.map { "\($0.name): \($0.because)" } ?? finding.kind.rawValue
        return "\(why) — \(finding.detail)"
    }
}
