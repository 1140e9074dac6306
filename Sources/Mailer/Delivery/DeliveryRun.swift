import Composer
import Foundation
import Ledger
import Logging
import Synchronization

/// Delivers one recorded mailing to its recipients still waiting, over parallel SMTP connections.
///
/// `connections` worker threads each own one ``SMTPConnection`` (one libcurl easy handle, reused
/// for many messages: libcurl's multi interface would stall every transfer while one waits for
/// its final reply). Each worker takes the next delivery, builds that recipient's copy and sends
/// it; a ``DeliveryRecorder`` thread commits the outcomes in batches, and no message's final "."
/// goes out before the same worker's previous outcome is committed. So at most `connections`
/// copies are ever accepted by the server but not yet recorded: that bounds what a crash can send
/// twice.
///
/// Temporary failures (4xx) are retried in later passes with a growing pause, up to `maxAttempts`
/// tries in this run, then left deferred for the next run. A permanent refusal of the recipient
/// marks the delivery failed and suppresses the address. An unreachable server or refused
/// credentials stop the run at once and leave the remaining deliveries as they were.
public struct DeliveryRun: Sendable {
    /// The mailing to deliver.
    public var mailing: Mailing
    /// Builds each recipient's copy.
    public var factory: MessageFactory
    /// The ledger the mailing is recorded in.
    public var ledger: Ledger
    /// The server.
    public var settings: SMTPSettings
    /// The envelope sender.
    public var sender: String
    /// Parallel connections.
    public var connections: Int
    /// The most messages a second; 0 for no limit.
    public var ratePerSecond: Double
    /// Tries per delivery within this run.
    public var maxAttempts: Int
    /// The pause before the first retry pass; it doubles with each pass.
    public var retryPause: Double = 1
    /// Where problems are logged.
    public var logger: Logger
    /// Called after each recorded outcome, from worker threads.
    public var progress: (@Sendable (DeliveryReport) -> Void)?

    /// Creates a run.
    public init(mailing: Mailing, factory: MessageFactory, ledger: Ledger, settings: SMTPSettings, sender: String,
                connections: Int, ratePerSecond: Double, maxAttempts: Int, logger: Logger,
                progress: (@Sendable (DeliveryReport) -> Void)? = nil) {
        self.mailing = mailing
        self.factory = factory
        self.ledger = ledger
        self.settings = settings
        self.sender = sender
        self.connections = connections
        self.ratePerSecond = ratePerSecond
        self.maxAttempts = maxAttempts
        self.logger = logger
        self.progress = progress
    }

    /// Sends every delivery still waiting, and returns what happened.
    ///
    /// Throws only when the ledger cannot be read or written; SMTP trouble is in the report.
    public func run() throws(NewsletterError) -> DeliveryReport {
        let shared = SharedState(limiter: RateLimiter(perSecond: ratePerSecond))
        var retryIDs: Set<Int64>? = nil
        for pass in 1...maxAttempts {
            if let ids = retryIDs {
                guard !ids.isEmpty else { break }
                let pause = retryPause * Double(1 << min(pass - 2, 6))
                logger.info("retrying \(ids.count) deferred deliveries in \(pause) s (pass \(pass) of \(maxAttempts))")
                Thread.sleep(forTimeInterval: pause)
            }
            let ledger = self.ledger
            let mailing = self.mailing
            // Later passes retry only what this run deferred, not what an earlier run left deferred.
            let queue = DeliveryQueue(only: retryIDs) { after in
                try ledger.deliveriesToSend(of: mailing, after: after)
            }
            shared.deferred.withLock { $0.removeAll() }
            let recorder = DeliveryRecorder(ledger: ledger)
            runWorkers(queue: queue, shared: shared, recorder: recorder, lastPass: pass == maxAttempts)
            if let error = recorder.finish() { throw error }
            if let error = queue.failure { throw error as? NewsletterError ?? NewsletterError(.ioFailure, "\(error)") }
            if shared.report.withLock({ $0.abort }) != nil { break }
            retryIDs = shared.deferred.withLock { $0 }
        }
        _ = try ledger.completeIfDone(mailing)
        return shared.report.withLock { $0 }
    }

    /// What the workers of one run share.
    private final class SharedState: Sendable {
        let report = Mutex(DeliveryReport())
        /// Deliveries deferred in the current pass, for the next pass to retry.
        let deferred = Mutex(Set<Int64>())
        let limiter: RateLimiter?

        init(limiter: RateLimiter?) { self.limiter = limiter }
    }

    /// Starts the workers for one pass and waits for them all.
    private func runWorkers(queue: DeliveryQueue, shared: SharedState, recorder: DeliveryRecorder, lastPass: Bool) {
        let group = DispatchGroup()
        for index in 0..<connections {
            group.enter()
            let worker = Thread { [self] in
                defer { group.leave() }
                work(queue: queue, shared: shared, recorder: recorder, lastPass: lastPass)
            }
            worker.name = "smtp-\(index + 1)"
            worker.stackSize = 1 << 20
            worker.start()
        }
        group.wait()
    }

    /// One worker: its own connection, one delivery at a time. Each outcome goes to the recorder;
    /// the next message's final "." waits until it is committed.
    private func work(queue: DeliveryQueue, shared: SharedState, recorder: DeliveryRecorder, lastPass: Bool) {
        let connection: SMTPConnection
        do { connection = try SMTPConnection(settings: settings) } catch {
            shared.report.withLock { $0.abort = .unreachable(error.message) }
            queue.stop()
            return
        }
        let slot = recorder.makeSlot()
        defer { slot.waitUntilRecorded() }
        // Batches leave suppressed addresses out; this catches an unsubscribe made while the send
        // runs. A skipped delivery stays pending and `completeIfDone` marks it failed ("suppressed").
        let suppressions = openSuppressionCheck()
        while let delivery = queue.next() {
            shared.limiter?.waitForTurn()
            if let suppressions, (try? suppressions.isSuppressed(emailKey: delivery.subscriber.key)) != false { continue }
            let result: DeliveryResult
            do {
                let message = try factory.message(for: delivery.subscriber)
                let reply = connection.send(from: sender, to: delivery.subscriber.email, message: message,
                                            beforeEnd: slot.waitUntilRecorded)
                guard let outcome = classify(reply, delivery: delivery, shared: shared, queue: queue) else { return }
                result = outcome
            } catch {
                result = DeliveryResult(deliveryID: delivery.id, state: .failed, reply: error.message)
            }
            recorder.submit(result, from: slot)
            if recorder.failure != nil {
                queue.stop()
                return
            }
            if result.state == .deferred && !lastPass { shared.deferred.withLock { _ = $0.insert(delivery.id) } }
            let snapshot = shared.report.withLock { report in
                switch result.state {
                case .sent: report.sent += 1
                case .failed: report.failed += 1
                case .deferred where lastPass: report.deferred += 1
                default: break
                }
                if result.suppressionReason != nil { report.suppressed += 1 }
                return report
            }
            progress?(snapshot)
        }
    }

    /// This worker's own read connection for the suppression check before each message.
    private func openSuppressionCheck() -> SuppressionCheck? {
        do { return try SuppressionCheck(for: ledger) } catch {
            logger.warning("cannot check suppressions before each message (\(error)); only between batches")
            return nil
        }
    }

    /// The ledger outcome of `reply`, or `nil` when the whole run must stop (nothing is recorded then).
    private func classify(_ reply: SMTPReply, delivery: Delivery, shared: SharedState, queue: DeliveryQueue) -> DeliveryResult? {
        switch reply.outcome {
        case .accepted:
            return DeliveryResult(deliveryID: delivery.id, state: .sent, reply: reply.detail, messageID: factory.messageID(for: delivery.subscriber))
        case .temporary:
            logger.debug("deferred \(delivery.subscriber.email): \(reply.detail)")
            return DeliveryResult(deliveryID: delivery.id, state: .deferred, reply: reply.detail)
        case .rejectedRecipient:
            logger.notice("\(delivery.subscriber.email) refused for good (\(reply.detail)); suppressed for later mailings")
            return DeliveryResult(deliveryID: delivery.id, state: .failed, reply: reply.detail,
                                  suppressionReason: "refused: \(reply.detail)")
        case .rejectedMessage:
            logger.notice("the message to \(delivery.subscriber.email) was refused: \(reply.detail)")
            return DeliveryResult(deliveryID: delivery.id, state: .failed, reply: reply.detail)
        case .unreachable:
            shared.report.withLock { $0.abort = $0.abort ?? .unreachable(reply.detail) }
            queue.stop()
            return nil
        case .authenticationFailed:
            shared.report.withLock { $0.abort = $0.abort ?? .authenticationFailed(reply.detail) }
            queue.stop()
            return nil
        }
    }
}
