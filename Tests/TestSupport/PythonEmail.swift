import Foundation

/// Runs `Fixtures/check_message.py` so tests can check messages with an
/// independent parser: Python's `email` package with `policy.default`.
///
/// Uses `/usr/bin/python3`, or `python3` on `PATH`; when neither exists the
/// call throws (tests fail with a hint rather than skip).
package enum PythonEmail {
    /// What Python saw in a message.
    package struct Report: Decodable {
        /// One leaf part of the message.
        package struct Part: Decodable {
            package let contentType: String
            package let charset: String?
            package let transferEncoding: String
            package let defects: [String]
            /// The decoded text (transfer encoding and charset undone).
            package let text: String
        }

        /// Defects of the message and of its header fields.
        package let defects: [String]
        package let contentType: String
        package let parts: [Part]
        package let subject: String?
        package let from: String?
        package let to: String?
        /// Every top-level header field as decoded by Python, in order.
        package let headers: [[String]]

        /// The content types of the leaf parts, in order.
        package var partTypes: [String] { parts.map(\.contentType) }

        /// The decoded text of each leaf part, in order.
        package var texts: [String] { parts.map(\.text) }

        /// The decoded value of the first header field called `name` (case-insensitive).
        package func header(_ name: String) -> String? {
            headers.first { $0.first?.lowercased() == name.lowercased() }?.last
        }

        /// Every defect Python found anywhere, each prefixed with where.
        package var allDefects: [String] {
            defects + parts.enumerated().flatMap { index, part in part.defects.map { "part \(index): \($0)" } }
        }
    }

    /// One header field as decoded by Python.
    package struct DecodedHeader: Decodable {
        package let name: String
        package let value: String
        package let defects: [String]
    }

    /// Why Python could not be run or its output not read.
    package struct Failure: Error, CustomStringConvertible {
        package let message: String
        package var description: String { message }
    }

    /// Parses `message` with Python's email package and reports what it saw.
    package static func inspect(_ message: [UInt8]) throws -> Report {
        let output = try runScript(input: Data(message), options: [])
        return try JSONDecoder().decode(Report.self, from: output)
    }

    /// Decodes encoded header fields (`Name: value\r\n`, possibly folded) as a mail client would.
    package static func decode(headerFields: [String]) throws -> [DecodedHeader] {
        let input = try JSONEncoder().encode(headerFields)
        let output = try runScript(input: input, options: ["--headers"])
        return try JSONDecoder().decode([DecodedHeader].self, from: output)
    }

    /// `Fixtures/check_message.py`, found next to this file's folder.
    package static var scriptURL: URL {
        Repository.supportFixture("check_message.py")
    }

    /// Debian's `/usr/bin/python3`, else the first `python3` on `PATH`.
    package static func interpreter() throws -> URL {
        let fileManager = FileManager.default
        if fileManager.isExecutableFile(atPath: "/usr/bin/python3") {
            return URL(fileURLWithPath: "/usr/bin/python3")
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("python3")
            if fileManager.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw Failure(
            message:
                "no python3 at /usr/bin/python3 or on PATH; install Python 3 (apt-get install python3) to run the "
                + "email checks"
        )
    }

    /// Writes `input` to a temporary file, runs the script on it with
    /// `options`, and returns its standard output; throws with its standard
    /// error when it fails.
    private static func runScript(input: Data, options: [String]) throws -> Data {
        let fileManager = FileManager.default
        let directory = fileManager.temporaryDirectory.appendingPathComponent("composer-tests-\(UUID().uuidString)")
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: directory) }
        let inputURL = directory.appendingPathComponent("input")
        let stdoutURL = directory.appendingPathComponent("stdout")
        let stderrURL = directory.appendingPathComponent("stderr")
        try input.write(to: inputURL)
        for url in [stdoutURL, stderrURL] where !fileManager.createFile(atPath: url.path, contents: nil) {
            throw Failure(message: "cannot create \(url.path) for the Python output")
        }

        let process = Process()
        process.executableURL = try interpreter()
        process.arguments = [scriptURL.path] + options + [inputURL.path]
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try stdout.close()
        try stderr.close()

        let output = try Data(contentsOf: stdoutURL)
        guard process.terminationStatus == 0 else {
            let errors = String(decoding: (try? Data(contentsOf: stderrURL)) ?? Data(), as: UTF8.self)
            throw Failure(message: "\(scriptURL.lastPathComponent) exited with \(process.terminationStatus): \(errors)")
        }
        return output
    }
}
