import Foundation

/// What a run of a command printed and how it ended.
package struct CommandResult: Sendable, CustomStringConvertible {
    /// The exit status (or 128 + signal when killed).
    package var status: Int32
    /// Everything on stdout.
    package var stdout: Data
    /// Everything on stderr, as text.
    package var stderr: String

    /// Stdout as text.
    package var output: String { String(decoding: stdout, as: UTF8.self) }

    package var description: String {
        "exit \(status)\n--- stdout ---\n\(output.prefix(4000))\n--- stderr ---\n\(stderr.prefix(4000))"
    }
}

/// Runs programs and collects their output.
package enum Command {
    /// Runs `executable` with `arguments` in `folder`, with `environment` added, and waits for it.
    ///
    /// `timeout` bounds a hung child: it is killed and the test sees status 137.
    package static func run(
        _ executable: URL,
        _ arguments: [String],
        in folder: URL? = nil,
        environment: [String: String] = [:],
        input: Data? = nil,
        timeout: TimeInterval = 120
    ) throws -> CommandResult {
        let process = try start(executable, arguments, in: folder, environment: environment, input: input)
        return try wait(process, timeout: timeout)
    }

    /// A started process whose output is being collected.
    package final class Running: @unchecked Sendable {
        // @unchecked: `stdout`/`stderr` are written by the reader threads and read only after
        // `group.wait()`, which orders the accesses.
        package let process: Process
        let group = DispatchGroup()
        var stdout = Data()
        var stderr = Data()

        init(process: Process) { self.process = process }
    }

    /// Starts `executable` and returns at once; see ``wait(_:timeout:)``.
    package static func start(
        _ executable: URL,
        _ arguments: [String],
        in folder: URL? = nil,
        environment: [String: String] = [:],
        input: Data? = nil
    ) throws -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        let running = Running(process: process)
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(input) }
        try? inPipe.fileHandleForWriting.close()
        running.group.enter()
        DispatchQueue.global().async {
            running.stdout = out.fileHandleForReading.readDataToEndOfFile()
            running.group.leave()
        }
        running.group.enter()
        DispatchQueue.global().async {
            running.stderr = err.fileHandleForReading.readDataToEndOfFile()
            running.group.leave()
        }
        return running
    }

    /// Waits for `running` to end (killing it after `timeout`) and returns what it did.
    package static func wait(_ running: Running, timeout: TimeInterval = 120) throws -> CommandResult {
        let deadline = Date().addingTimeInterval(timeout)
        while running.process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if running.process.isRunning { kill(running.process.processIdentifier, SIGKILL) }
        running.process.waitUntilExit()
        running.group.wait()
        let status =
            running.process.terminationReason == .uncaughtSignal
            ? 128 + running.process.terminationStatus : running.process.terminationStatus
        return CommandResult(
            status: status,
            stdout: running.stdout,
            stderr: String(decoding: running.stderr, as: UTF8.self)
        )
    }
}
