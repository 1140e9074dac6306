import ArgumentParser
import Composer
import Foundation
import Ledger
import NewsletterCore
import Publishing
import Synchronization

/// Options and reporting shared by `send` and `alert`.
struct SendOptions: ParsableArguments {
    @Option(help: "Send a test copy to this one address only; records nothing.")
    var to: String?

    @Flag(help: "No progress line; print a summary only when something needs attention (for cron).")
    var quiet = false

    /// Recipients per transaction of a mailing's recording (tests of a recording cut short).
    @Option(name: .customLong("recording-chunk"), help: .hidden)
    var recordingChunk: Int = Recording.defaultChunkSize

    /// A pause after each chunk of a mailing's recording (tests that act while a mailing is recorded).
    @Option(name: .customLong("recording-pause-ms"), help: .hidden)
    var recordingPauseMilliseconds: Int = 0

    /// What `send` and `alert` do: with `--to`, a test copy of the next issue (or of `topic`'s
    /// next alert) to that address alone; otherwise `mail` delivers, and `what` names the command
    /// in the summary.
    func run(
        _ options: GlobalOptions,
        topic: String?,
        what: String,
        mail: (Publisher, any MailingTransport, (@Sendable (DeliveryReport, Int) -> Void)?) throws -> SendOutcome
    ) throws {
        let publisher = pacing(try options.publisher(quiet: quiet))
        let transport = options.transport(for: publisher)
        if let recipient = try testRecipient() {
            finishTest(try publisher.testSend(to: recipient, topic: topic, through: transport))
            return
        }
        try finish(try mail(publisher, transport, progressLine()), what: what)
    }

    /// `publisher` with the recording pace these options ask for.
    private func pacing(_ publisher: Publisher) -> Publisher {
        var publisher = publisher
        publisher.recordingChunk = max(1, recordingChunk)
        publisher.recordingPauseMilliseconds = max(0, recordingPauseMilliseconds)
        return publisher
    }

    /// The `--to` address as a reader, or a usage error.
    private func testRecipient() throws(NewsletterError) -> Reader? {
        try to.map { text throws(NewsletterError) in try Reader(recipient: text, option: "--to") }
    }

    /// A progress callback that redraws one line on stderr, when stderr is a terminal and not `--quiet`.
    func progressLine() -> (@Sendable (DeliveryReport, Int) -> Void)? {
        guard !quiet, Console.stderrIsTerminal else { return nil }
        let start = Date()
        let lastDraw = Mutex(Date.distantPast)
        return { report, total in
            let now = Date()
            let due = lastDraw.withLock { last in
                guard now.timeIntervalSince(last) >= 0.25 || report.handled == total else { return false }
                last = now
                return true
            }
            guard due else { return }
            let elapsed = max(now.timeIntervalSince(start), 0.001)
            let rate = Double(report.handled) / elapsed
            let eta = rate > 0 ? Int(Double(max(total - report.handled, 0)) / rate) : 0
            let line =
                "sent \(report.sent)/\(total) · \(Int(rate)) msg/s · ETA "
                + "\(eta / 60):\(String(format: "%02d", eta % 60))"
                + (report.deferred + report.failed > 0 ? " · \(report.deferred) deferred, \(report.failed) failed" : "")
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        }
    }

    /// Prints the run's summary line (or nothing with `--quiet` when all went well) and turns the
    /// outcome into the exit status: 69 unreachable, 77 credentials refused, 75 deliveries left.
    func finish(_ outcome: SendOutcome, what: String) throws {
        if progressLine() != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let run: MailingResult
        switch outcome {
        case .nothingNew(let reason):
            if !quiet { Console.error(reason) }
            return
        case .delivered(let value):
            run = value
        }
        let name = "\(run.mailing.kind.rawValue) \(run.mailing.number)"
        let report = run.report
        var summary = "\(run.resumed ? "resumed " : "")\(name): \(report.sent) sent"
        if report.failed > 0 { summary += ", \(report.failed) failed" }
        if run.left > 0 { summary += ", \(run.left) left for the next run" }
        summary += " (\(run.total) recipient\(run.total == 1 ? "" : "s")"
        if run.skipped > 0 {
            summary += "; \(run.skipped) of them get only their topics, which have nothing this time, so no message"
        }
        summary += ")"
        if let relays = report.relaySummary { summary += "; by relay: \(relays)" }
        if let first = run.listProblems.first {
            let count = run.listProblems.count
            summary +=
                "; \(count) problem\(count == 1 ? "" : "s") in the subscriber list "
                + "(\(first)\(count > 1 ? "; `newsletter check` lists them all" : ""))"
        }
        switch report.abort {
        case .unreachable(let detail):
            Console.error(
                "newsletter: \(summary); stopped: the SMTP server cannot be reached: \(detail); a rerun resumes"
            )
            throw ExitCode(ExitStatus.code(for: .unavailable))
        case .authenticationFailed(let detail):
            Console.error(
                "newsletter: \(summary); stopped: the SMTP server refused the credentials (\(detail)); check "
                    + "smtp.username and the password variable"
            )
            throw ExitCode(ExitStatus.code(for: .authenticationFailed))
        case .blocked(let detail):
            Console.error(
                "newsletter: \(summary); stopped: \(detail); the receivers refuse the sender, not the readers: check "
                    + "DKIM, SPF and DMARC for the sending domain and the relay's IP reputation, then run `newsletter "
                    + "\(what)` again to deliver the rest"
            )
            throw ExitCode(ExitStatus.code(for: .temporaryFailure))
        case .stopped(let signal):
            Console.error(
                "newsletter: \(summary); stopped by \(signal), the messages in flight finished; run `newsletter "
                    + "\(what)` again to deliver the rest"
            )
            throw ExitCode(ExitStatus.code(for: .temporaryFailure))
        case nil:
            break
        }
        if let (domain, detail) = report.blockedDomains.min(by: { $0.key < $1.key }) {
            let others = report.blockedDomains.count - 1
            Console.error(
                "newsletter: \(summary); stopped sending to \(domain)\(others > 0 ? " and \(others) more" : ""): "
                    + "\(detail); the receiver refuses the sender, not the readers: check DKIM, SPF and DMARC for the "
                    + "sending domain and the relay's IP reputation, then run `newsletter \(what)` again"
            )
            throw ExitCode(ExitStatus.code(for: .temporaryFailure))
        }
        if run.left > 0 {
            Console.error("newsletter: \(summary); run `newsletter \(what)` again later to deliver the rest")
            throw ExitCode(ExitStatus.code(for: .temporaryFailure))
        }
        if !quiet || report.failed > 0 || !run.listProblems.isEmpty { Console.error(summary) }
    }

    /// Reports a test copy the server accepted (unless `--quiet`).
    func finishTest(_ copy: TestCopy) {
        if !quiet { Console.error("test copy sent to \(copy.address) (\(copy.reply)); nothing recorded") }
    }
}
