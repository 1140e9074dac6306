import Foundation
import Settings

extension Publisher {
    /// Problems with what `newsletter bounces` needs at run time: the VERP secret and the mailbox password.
    static func bounceProblems(_ configuration: Configuration) -> [String] {
        guard let bounces = configuration.bounces else { return [] }
        var problems: [String] = []
        do { _ = try configuration.bounceSigningKeys() } catch { problems.append(error.description) }
        if let mailbox = bounces.mailbox {
            let value = ProcessInfo.processInfo.environment[mailbox.passwordEnvironmentVariable] ?? ""
            if value.isEmpty {
                problems.append(
                    "\(configuration.file.path): bounces.mailbox.passwordEnv: the environment variable "
                        + "\(mailbox.passwordEnvironmentVariable) is not set; export it with the mailbox password"
                )
            }
        }
        return problems
    }
}
