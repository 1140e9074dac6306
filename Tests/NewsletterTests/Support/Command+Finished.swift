import Foundation
import TestSupport

extension Command {
    /// Waits for `running` to end, suspended rather than blocking one of the test process's few
    /// cooperative threads (two on two cores): a long send awaited with ``wait(_:timeout:)`` keeps
    /// every other async test of the suite from running meanwhile.
    static func finished(_ running: Running, timeout: TimeInterval = 300) async throws -> CommandResult {
        let deadline = Date().addingTimeInterval(timeout)
        while running.process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return try wait(running, timeout: 5)
    }
}
