import Foundation
import TestSupport

extension Workspace {
    /// Runs `newsletter` with an argument list built at run time (and `--config` pointing here).
    @discardableResult
    func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        timeout: TimeInterval = 120
    ) throws -> CommandResult {
        try Command.run(
            Self.binary,
            arguments + ["--config", config.path],
            in: folder.url,
            environment: environment,
            timeout: timeout
        )
    }
}
