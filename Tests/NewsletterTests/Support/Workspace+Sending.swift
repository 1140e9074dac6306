import Foundation
import TestSupport

extension Workspace {
    /// Runs `newsletter send` with the readers' signing secret (``secretEnvironment``) and waits for it.
    func sendWithSecret(timeout: TimeInterval = 120) throws -> CommandResult {
        try run("send", environment: Self.secretEnvironment, timeout: timeout)
    }

    /// Starts `newsletter send --quiet`, has it killed (SIGKILL) from a thread of its own once `server` holds
    /// `count` messages (``TestSMTPServer/killProcess(_:onceItHolds:timeout:)``), and waits for it to end,
    /// suspended (``Command/finished(_:timeout:)``); returns how it ended.
    func sendKilled(
        onceItHolds count: Int,
        on server: TestSMTPServer,
        environment: [String: String] = [:]
    ) async throws -> CommandResult {
        let sending = try start("send", "--quiet", environment: environment)
        server.killProcess(sending.process.processIdentifier, onceItHolds: count)
        return try await Command.finished(sending)
    }
}
