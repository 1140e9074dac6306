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
/// tries in this run, then left deferred for the next run. A permanent refusal marks the delivery
/// failed; it suppresses the address only when the rule table (`RefusalRules`) calls it the
/// reader's fault (`hard`). Refusals for the sender's side (`blocked`) feed a ``BlockedBreaker``
/// that stops trying a receiving domain, or the whole send, that refuses the sender, leaving the
/// rest pending. An unreachable server or refused credentials stop the run at once and leave the
/// remaining deliveries as they were.
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
    /// A request to stop early and cleanly (SIGTERM): no new message, the ones in flight finished, QUIT.
    package var stop: DeliveryStop?
    /// The share of `blocked` refusals among the recent attempts that trips the breaker (see
    /// ``BlockedBreaker``); 1 turns it off.
    package var blockedShare: Double = Configuration.Bounces.defaultBlockedShare
    /// How many recent attempts the breaker weighs, per receiving domain and overall.
    package var blockedWindow: Int = Configuration.Bounces.defaultBlockedWindow

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
        let shared = SharedState(relays: pool, blockedShare: blockedShare, blockedWindow: blockedWindow)
        var retryIDs: Set<Int64>? = nil
        for pass in 1...maxAttempts {
            if let ids = retryIDs {
                guard !ids.isEmpty else { break }
                let pause = retryPause * Double(1 << min(pass - 2, 6))
                logger.info("retrying \(ids.count) deferred deliveries in \(pause) s (pass \(pass) of \(maxAttempts))")
                if let stop { _ = stop.wait(seconds: pause) } else { Thread.sleep(forTimeInterval: pause) }
                if stop?.reason != nil { break }
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
                runWorkers(
                    pool: pool,
                    pass: Pass(queue: queue, shared: shared, recorder: recorder, isLast: pass == maxAttempts)
                )
                if let error = recorder.finish() { throw error }
                if let error = queue.failure {
                    throw error as? NewsletterError ?? NewsletterError(.ioFailure, "\(error)")
                }
                let returned = shared.returned.withLock { ids in
                    defer { ids.removeAll() }
                    return ids
                }
                guard !returned.isEmpty, shared.report.withLock({ $0.abort }) == nil, stop?.reason == nil else { break }
                only = returned
            }
            if shared.report.withLock({ $0.abort }) != nil || stop?.reason != nil { break }
            retryIDs = shared.deferred.withLock { $0 }
        }
        _ = try ledger.completeIfDone(mailing)
        return shared.report.withLock { report in
            if report.abort == nil, let reason = stop?.reason { report.abort = .stopped(reason) }
            return report
        }
    }
}
