import Publishing

extension DeliveryTally {
    /// The application layer's view of what a ``DeliveryRun`` did.
    init(_ report: DeliveryReport) {
        let abort: Abort? =
            switch report.abort {
            case .unreachable(let detail): .unreachable(detail)
            case .authenticationFailed(let detail): .authenticationFailed(detail)
            case nil: nil
            }
        self.init(
            sent: report.sent,
            deferred: report.deferred,
            failed: report.failed,
            suppressed: report.suppressed,
            abort: abort,
            relaySummary: report.relaySummary
        )
    }
}
