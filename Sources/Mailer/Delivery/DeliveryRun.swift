import Foundation
import Ledger
import Logging
import NewsletterCore
import Publishing
import Settings
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
package struct DeliveryRun: Sendable {
    /// The mailing to deliver.
    package var mailing: Mailing
    /// Makes each recipient's copy.
    package var messages: any MessageSource
    /// The ledger the mailing is recorded in.
    package var ledger: Ledger
    /// The server.
    package var settings: SMTPSettings
    /// The envelope sender.
    package var sender: String
    /// The envelope sender of each delivery (a VERP address) when set; else ``sender`` for all.
    package var envelopeSender: (@Sendable (Delivery) -> String)?
    /// Parallel connections.
    package var connections: Int
    /// The most messages a second; 0 for no limit.
    package var ratePerSecond: Double
    /// Tries per delivery within this run.
    package var maxAttempts: Int
    /// The pause before the first retry pass; it doubles with each pass.
    package var retryPause: Double = 1
    /// Where problems are logged.
    package var logger: Logger
    /// The pool of relays to spread the connections over; empty: the one relay of ``settings``,
    /// ``connections`` and ``ratePerSecond``.
    package var relays: [DeliveryRelay] = []
    /// Called after each recorded outcome, from worker threads.
    package var progress: (@Sendable (DeliveryReport) -> Void)?

    /// Creates a run.
    package init(
        mailing: Mailing,
        messages: any MessageSource,
        ledger: Ledger,
        settings: SMTPSettings,
        sender: String,
        connections: Int,
        ratePerSecond: Double,
        maxAttempts: Int,
        logger: Logger,
        progress: (@Sendable (DeliveryReport) -> Void)? = nil
    ) {
        self.mailing = mailing
        self.messages = messages
        self.ledger = ledger
        self.settings = settings
        self.sender = sender
        self.connections = connections
        self.ratePerSecond = ratePerSecond
        self.maxAttempts = maxAttempts
        self.logger = logger
        self.progress = progress
    }

    /// The relays to spread the connections over: ``relays``, or the one relay of ``settings``.
    var pool: [DeliveryRelay] {
        relays.isEmpty
            ? [
                DeliveryRelay(
                    name: settings.url,
                    settings: settings,
                    connections: connections,
                    ratePerSecond: ratePerSecond
                )
            ]
            : relays
    }

    /// Sends every delivery still waiting, and returns what happened.
    ///
    /// Throws only when the ledger cannot be read or written; SMTP trouble is in the report. A relay
    /// that cannot be reached or refuses the credentials is marked down for the rest of the run and
    /// the deliveries it held go to the others; the run stops only when every relay is down.
    package func run() throws(NewsletterError) -> DeliveryReport {
        let pool = self.pool
        let shared = SharedState(relays: pool)
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
            shared.deferred.withLock { $0.removeAll() }
            // Later passes retry only what this run deferred, not what an earlier run left deferred;
            // within a pass, what a relay that went down held goes round again to the others.
            var only = retryIDs
            while true {
                let queue = DeliveryQueue(only: only) { after in
                    try ledger.deliveriesToSend(of: mailing, after: after)
                }
                let recorder = DeliveryRecorder(ledger: ledger)
                runWorkers(pool: pool, queue: queue, shared: shared, recorder: recorder, lastPass: pass == maxAttempts)
                if let error = recorder.finish() { throw error }
                if let error = queue.failure {
                    throw error as? NewsletterError ?? NewsletterError(.ioFailure, "\(error)")
                }
                let returned = shared.returned.withLock { ids in
                    defer { ids.removeAll() }
                    return ids
                }
                guard !returned.isEmpty, shared.report.withLock({ $0.abort }) == nil else { break }
                only = returned
            }
            if shared.report.withLock({ $0.abort }) != nil { break }
            retryIDs = shared.deferred.withLock { $0 }
        }
        _ = try ledger.completeIfDone(mailing)
        return shared.report.withLock { $0 }
    }

    /// What the workers of one run share.
    private final class SharedState: Sendable {
        let report: Mutex<DeliveryReport>
        /// Deliveries deferred in the current pass, for the next pass to retry.
        let deferred = Mutex(Set<Int64>())
        /// Deliveries taken by a relay that went down before their outcome: for the other relays.
        let returned = Mutex(Set<Int64>())
        /// Each relay's rate limit.
        let limiters: [RateLimiter?]
        /// The relays' names, by index.
        let names: [String]
        /// The relays marked down, by index, with the reply that did it.
        let down = Mutex([Int: SMTPReply]())

        init(relays: [DeliveryRelay]) {
            limiters = relays.map { RateLimiter(perSecond: $0.ratePerSecond) }
            names = relays.map(\.name)
            var report = DeliveryReport()
            report.relayNames = names
            self.report = Mutex(report)
        }

        func isDown(_ relay: Int) -> Bool { down.withLock { $0[relay] != nil } }

        /// Marks `relay` down; once every relay is, the run aborts with the reason (77 when every
        /// relay refused the credentials, else 69).
        func markDown(_ relay: Int, reply: SMTPReply, queue: DeliveryQueue) {
            let all = down.withLock { down -> [SMTPReply]? in
                guard down[relay] == nil else { return nil }
                down[relay] = reply
                return down.count == names.count ? Array(down.values) : nil
            }
            report.withLock { report in
                report.downRelays[names[relay]] = report.downRelays[names[relay]] ?? reply.detail
                guard let all, report.abort == nil else { return }
                if all.allSatisfy({ $0.outcome == .authenticationFailed }) {
                    report.abort = .authenticationFailed(reply.detail)
                } else {
                    report.abort = .unreachable((all.first { $0.outcome == .unreachable } ?? reply).detail)
                }
            }
            if all != nil { queue.stop() }
        }
    }

    /// Starts every relay's workers for one pass and waits for them all.
    private func runWorkers(
        pool: [DeliveryRelay],
        queue: DeliveryQueue,
        shared: SharedState,
        recorder: DeliveryRecorder,
        lastPass: Bool
    ) {
        let group = DispatchGroup()
        for (relay, settings) in pool.enumerated() where !shared.isDown(relay) {
            for index in 0..<settings.connections {
                group.enter()
                let worker = Thread { [self] in
                    defer { group.leave() }
                    work(
                        relay: relay,
                        settings: settings.settings,
                        queue: queue,
                        shared: shared,
                        recorder: recorder,
                        lastPass: lastPass
                    )
                }
                worker.name = pool.count > 1 ? "smtp-\(relay + 1)-\(index + 1)" : "smtp-\(index + 1)"
                worker.stackSize = 1 << 20
                worker.start()
            }
        }
        group.wait()
    }

    /// One worker: its own connection to `relay`, one delivery at a time. Each outcome goes to the
    /// recorder; the next message's final "." waits until it is committed.
    private func work(
        relay: Int,
        settings: SMTPSettings,
        queue: DeliveryQueue,
        shared: SharedState,
        recorder: DeliveryRecorder,
        lastPass: Bool
    ) {
        let connection: SMTPConnection
        do { connection = try SMTPConnection(settings: settings) } catch {
            shared.markDown(
                relay,
                reply: SMTPReply(outcome: .unreachable, code: 0, detail: error.message),
                queue: queue
            )
            return
        }
        let slot = recorder.makeSlot()
        defer { slot.waitUntilRecorded() }
        // With PIPELINING a message's outcome comes back with the next message's replies.
        var inFlight: [Int64: Delivery] = [:]
        var relayWentDown = false
        /// Hands `result` to the recorder; false when the run must stop.
        func submit(_ result: DeliveryResult) -> Bool {
            record(
                result,
                relay: relay,
                shared: shared,
                recorder: recorder,
                slot: slot,
                queue: queue,
                lastPass: lastPass
            )
        }
        func settle(_ outcomes: [SMTPOutcome]) -> Bool {
            for outcome in outcomes {
                guard let delivery = inFlight.removeValue(forKey: outcome.tag) else { continue }
                if outcome.reply.outcome == .unreachable || outcome.reply.outcome == .authenticationFailed {
                    // Nothing of it was sent: it goes to another relay, and this one is down for the run.
                    shared.returned.withLock { _ = $0.insert(delivery.id) }
                    if !relayWentDown {
                        logger.warning("relay \(shared.names[relay]) is down for this run: \(outcome.reply.detail)")
                    }
                    relayWentDown = true
                    shared.markDown(relay, reply: outcome.reply, queue: queue)
                    continue
                }
                let result = classify(outcome.reply, delivery: delivery)
                guard submit(result) else { return false }
            }
            return !relayWentDown
        }
        while !shared.isDown(relay), let delivery = queue.next() {
            shared.limiters[relay]?.waitForTurn()
            // Composed first, while the recorder commits the previous outcome.
            let composed = Result { () throws(NewsletterError) in try messages.message(for: delivery.subscriber) }
            // Batches leave suppressed addresses out; this catches an unsubscribe made while the send
            // runs. A skipped delivery stays pending and `completeIfDone` marks it failed ("suppressed").
            if recorder.isSuppressed(delivery.subscriber.key, from: slot) { continue }
            let message: [UInt8]
            do { message = try composed.get() } catch {
                let result = DeliveryResult(deliveryID: delivery.id, state: .failed, reply: error.message)
                guard submit(result) else { break }
                continue
            }
            inFlight[delivery.id] = delivery
            let outgoing = OutgoingMessage(
                sender: envelopeSender?(delivery) ?? sender,
                recipient: delivery.subscriber.email,
                bytes: message,
                envelopeID: String(messages.messageID(for: delivery.subscriber).dropFirst().dropLast()),
                tag: delivery.id
            )
            guard settle(connection.send(outgoing, beforeEnd: slot.waitUntilRecorded)) else { break }
            // Its content goes out while the recorder commits the outcome just settled.
            connection.sendContentInFlight()
        }
        // Stopping early drops a message still in flight without its end of data: it stays pending,
        // or, when this relay went down, goes to another one.
        if queue.isStopped || relayWentDown || recorder.failure != nil {
            connection.abandon()
        }
        _ = settle(connection.flush(beforeEnd: slot.waitUntilRecorded))
        if relayWentDown || shared.isDown(relay) {
            shared.returned.withLock { $0.formUnion(inFlight.keys) }
        }
    }

    /// Hands `result` to the recorder and counts it; false when the run must stop (the ledger failed).
    private func record(
        _ result: DeliveryResult,
        relay: Int,
        shared: SharedState,
        recorder: DeliveryRecorder,
        slot: DeliveryRecorder.Slot,
        queue: DeliveryQueue,
        lastPass: Bool
    ) -> Bool {
        recorder.submit(result, from: slot)
        if recorder.failure != nil {
            queue.stop()
            return false
        }
        if result.state == .deferred && !lastPass { shared.deferred.withLock { _ = $0.insert(result.deliveryID) } }
        let snapshot = shared.report.withLock { report in
            switch result.state {
            case .sent:
                report.sent += 1
                report.sentByRelay[shared.names[relay], default: 0] += 1
            case .failed: report.failed += 1
            case .deferred where lastPass: report.deferred += 1
            default: break
            }
            if result.suppressionReason != nil { report.suppressed += 1 }
            return report
        }
        progress?(snapshot)
        return true
    }

    /// The ledger outcome of `reply` (an unreachable relay or refused credentials are the worker's to handle).
    private func classify(_ reply: SMTPReply, delivery: Delivery) -> DeliveryResult {
        switch reply.outcome {
        case .accepted:
            return DeliveryResult(
                deliveryID: delivery.id,
                state: .sent,
                reply: reply.detail,
                messageID: messages.messageID(for: delivery.subscriber)
            )
        case .temporary, .unreachable, .authenticationFailed:
            logger.debug("deferred \(delivery.subscriber.email): \(reply.detail)")
            return DeliveryResult(deliveryID: delivery.id, state: .deferred, reply: reply.detail)
        case .rejectedRecipient:
            logger.notice(
                "\(delivery.subscriber.email) refused for good (\(reply.detail)); suppressed for later mailings"
            )
            return DeliveryResult(
                deliveryID: delivery.id,
                state: .failed,
                reply: reply.detail,
                suppressionReason: "refused: \(reply.detail)"
            )
        case .rejectedMessage:
            logger.notice("the message to \(delivery.subscriber.email) was refused: \(reply.detail)")
            return DeliveryResult(deliveryID: delivery.id, state: .failed, reply: reply.detail)
        }
    }
}
