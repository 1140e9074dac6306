import BounceReports
import Foundation
import Ledger
import NewsletterCore
import Publishing
import Synchronization

extension DeliveryRun {
    /// What every worker of one pass shares.
    struct Pass {
        /// The deliveries to take, one at a time.
        let queue: DeliveryQueue
        /// What the workers of the whole run share.
        let shared: SharedState
        /// Commits the outcomes.
        let recorder: DeliveryRecorder
        /// Whether a deferral is final for this run.
        let isLast: Bool
    }

    /// A relay's first session of a pass: its other workers wait until it is open (or refused), so
    /// that wrong credentials cost one failed login, not one per connection, and an unreachable
    /// relay one timeout.
    final class FirstSession: Sendable {
        private let opened = DispatchSemaphore(value: 0)
        private let done = Mutex(false)

        /// Lets the waiting workers go; only the first call counts.
        func open() {
            guard
                done.withLock({ done in
                    defer { done = true }
                    return !done
                })
            else { return }
            opened.signal()
        }

        /// Waits until ``open()``, and lets the next waiter through.
        func wait() {
            opened.wait()
            opened.signal()
        }
    }

    /// Starts every relay's workers for one pass and waits for them all.
    func runWorkers(pool: [DeliveryRelay], pass: Pass) {
        let group = DispatchGroup()
        for (relay, settings) in pool.enumerated() where !pass.shared.isDown(relay) {
            let first = FirstSession()
            for index in 0..<settings.connections {
                group.enter()
                let worker = Thread { [self] in
                    defer { group.leave() }
                    if index > 0 { first.wait() }
                    work(relay: relay, settings: settings.settings, pass: pass, opening: index == 0 ? first : nil)
                }
                worker.name = pool.count > 1 ? "smtp-\(relay + 1)-\(index + 1)" : "smtp-\(index + 1)"
                worker.stackSize = 1 << 20
                worker.start()
            }
        }
        group.wait()
    }

    /// One worker: its own connection to `relay`, one delivery at a time. Each outcome goes to the
    /// recorder; the next message's final "." waits until it is committed. The relay's first worker
    /// gets `opening`, which it opens once its first session is set up or refused.
    private func work(relay: Int, settings: SMTPSettings, pass: Pass, opening: FirstSession?) {
        defer { opening?.open() }
        let (queue, shared, recorder) = (pass.queue, pass.shared, pass.recorder)
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
            record(result, relay: relay, pass: pass, slot: slot)
        }
        func settle(_ outcomes: [SMTPOutcome]) -> Bool {
            for outcome in outcomes {
                guard let delivery = inFlight.removeValue(forKey: outcome.tag) else { continue }
                if outcome.reply.outcome == .unreachable || outcome.reply.outcome == .authenticationFailed {
                    // Nothing of it was sent: it goes to another relay, and this one is down for the run.
                    shared.returned.withLock { _ = $0.insert(delivery.id) }
                    if !relayWentDown, shared.names.count > 1 {
                        // With one relay the run stops, and its summary line says why.
                        logger.warning("relay \(shared.names[relay]) is down for this run: \(outcome.reply.detail)")
                    }
                    relayWentDown = true
                    shared.markDown(relay, reply: outcome.reply, queue: queue)
                    continue
                }
                let (result, blocked) = classify(outcome.reply, delivery: delivery)
                guard submit(result) else { return false }
                let domain = Self.domain(of: delivery.reader.key)
                if let trip = shared.note(domain: domain, blocked: blocked, reply: outcome.reply.detail, queue: queue) {
                    // The summary line says it; this is for --verbose.
                    let scope = trip.domain.map { "to \($0)" } ?? "at all"
                    logger.info("breaker: stopped sending \(scope) after \(trip.blocked) of \(trip.attempts) blocked")
                }
            }
            return !relayWentDown
        }
        while !shared.isDown(relay), stop?.reason == nil, let delivery = queue.next() {
            // A domain that refuses the sender gets nothing more this run: its deliveries stay pending.
            guard shared.isOpen(Self.domain(of: delivery.reader.key)) else { continue }
            shared.limiters[relay]?.waitForTurn()
            // Composed first, while the recorder commits the previous outcome.
            let composed = Result { () throws(NewsletterError) in
                try messages.message(for: delivery.reader, editionNumber: delivery.editionNumber)
            }
            // Batches leave suppressed addresses out; this catches an unsubscribe made while the send
            // runs. A skipped delivery stays pending and `completeIfDone` marks it failed ("suppressed").
            if recorder.isSuppressed(delivery.reader.key, from: slot) { continue }
            let message: [UInt8]
            do { message = try composed.get() } catch {
                let result = DeliveryResult(deliveryID: delivery.id, state: .failed, reply: error.message)
                guard submit(result) else { break }
                continue
            }
            inFlight[delivery.id] = delivery
            let outgoing = OutgoingMessage(
                sender: envelopeSender?(delivery) ?? sender,
                recipient: delivery.reader.email,
                bytes: message,
                envelopeID: String(messages.messageID(for: delivery.reader).dropFirst().dropLast()),
                tag: delivery.id
            )
            let goOn = settle(connection.send(outgoing, beforeEnd: { recorder.mayEndNextMessage(slot) }))
            // The first session is set up (or refused, and the relay marked down): the others may go.
            opening?.open()
            guard goOn else { break }
            // Its content goes out while the recorder commits the outcome just settled.
            connection.sendContentInFlight()
        }
        // Stopping early drops a message still in flight without its end of data: it stays pending,
        // or, when this relay went down, goes to another one. A requested stop finishes it instead.
        if queue.isStopped || relayWentDown || recorder.failure != nil {
            connection.abandon()
        }
        _ = settle(connection.flush(beforeEnd: { recorder.mayEndNextMessage(slot) }))
        if relayWentDown || shared.isDown(relay) {
            shared.returned.withLock { $0.formUnion(inFlight.keys) }
        }
    }

    /// Hands `result` to the recorder and counts it; false when the run must stop (the ledger failed).
    private func record(_ result: DeliveryResult, relay: Int, pass: Pass, slot: DeliveryRecorder.Slot) -> Bool {
        let shared = pass.shared
        pass.recorder.submit(result, from: slot)
        if pass.recorder.failure != nil {
            pass.queue.stop()
            return false
        }
        if result.state == .deferred && !pass.isLast { shared.deferred.withLock { _ = $0.insert(result.deliveryID) } }
        let snapshot = shared.report.withLock { report in
            switch result.state {
            case .sent:
                report.sent += 1
                report.sentByRelay[shared.names[relay], default: 0] += 1
            case .failed: report.failed += 1
            case .deferred where pass.isLast: report.deferred += 1
            default: break
            }
            if result.suppressionReason != nil { report.suppressed += 1 }
            return report
        }
        progress?(snapshot)
        return true
    }

    /// The ledger outcome of `reply` (an unreachable relay or refused credentials are the worker's to handle).
    /// The ledger outcome of `reply`, and whether it was a refusal for the sender's side (for the breaker).
    private func classify(_ reply: SMTPReply, delivery: Delivery) -> (DeliveryResult, blocked: Bool) {
        switch reply.outcome {
        case .accepted:
            let result = DeliveryResult(deliveryID: delivery.id, state: .sent, reply: reply.detail)
            return (result, false)
        case .temporary, .unreachable, .authenticationFailed:
            logger.debug("deferred \(delivery.reader.email): \(reply.detail)")
            return (DeliveryResult(deliveryID: delivery.id, state: .deferred, reply: reply.detail), false)
        case .rejectedRecipient, .rejectedMessage:
            // The rule table tells the reader's fault (no such user) from the sender's (DMARC, spam, a
            // blocklist): only the first costs the reader their place on the list. A refusal of our
            // own (code 0: no SMTPUTF8, over the SIZE limit) is never the reader's fault.
            let judged = RefusalRules.classify(status: nil, text: reply.detail)
            guard reply.code >= 500, judged.class == .hard else {
                let why = "\(judged.rule.because); failed for this mailing, kept for the next"
                logger.notice("\(delivery.reader.email) refused (\(reply.detail)): \(why)")
                let result = DeliveryResult(deliveryID: delivery.id, state: .failed, reply: reply.detail)
                return (result, reply.code >= 500 && judged.class == .blocked)
            }
            logger.notice(
                "\(delivery.reader.email) refused for good (\(reply.detail)); suppressed for later mailings"
            )
            let result = DeliveryResult(
                deliveryID: delivery.id,
                state: .failed,
                reply: reply.detail,
                suppressionReason: "refused: \(reply.detail)"
            )
            return (result, false)
        }
    }

    /// The receiving domain of an address key (after its last "@").
    static func domain(of emailKey: String) -> String {
        emailKey.lastIndex(of: "@").map { String(emailKey[emailKey.index(after: $0)...]) } ?? emailKey
    }

}
