import Foundation
import TestSupport

/// The state database's whole content as SQL text, read with Python's sqlite3 module: two dumps
/// compare equal when nothing was written in between.
enum StateDump {
    static func dump(_ file: URL) throws -> String {
        let script = "import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nprint('\\n'.join(c.iterdump()))"
        let result = try Command.run(URL(fileURLWithPath: TestSMTPServer.python), ["-c", script, file.path])
        guard result.status == 0 else { throw HTTP.Failure(description: "cannot dump the state: \(result)") }
        return result.output
    }

    /// Runs one query and returns its rows, tab-separated.
    static func query(_ file: URL, _ sql: String) throws -> [String] {
        let script =
            "import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nfor r in c.execute(sys.argv[2]): "
            + "print('\\t'.join(map(str,r)))"
        let result = try Command.run(URL(fileURLWithPath: TestSMTPServer.python), ["-c", script, file.path, sql])
        guard result.status == 0 else { throw HTTP.Failure(description: "query failed: \(result)") }
        return result.output.split(separator: "\n").map(String.init)
    }

    /// Runs one statement that writes, and commits it.
    static func execute(_ file: URL, _ sql: String) throws {
        let script = "import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nc.execute(sys.argv[2])\nc.commit()"
        let result = try Command.run(URL(fileURLWithPath: TestSMTPServer.python), ["-c", script, file.path, sql])
        guard result.status == 0 else { throw HTTP.Failure(description: "statement failed: \(result)") }
    }
}
