import Foundation
import TestSupport
import Testing

/// The files that hold readers' data or keys are their owner's alone, whatever the umask (the tests
/// run with the usual 022, which used to leave them 0644); `check` says so, with the command to
/// run, about an older file that is not.
@Suite struct PrivateFilesTests {
    private func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func theStateFileAndItsCompanionsAre0600AndCheckWarnsAboutAWiderOne() throws {
        let server = try TestSMTPServer()
        let workspace = try Workspace()
        workspace.smtp = ["url": server.url, "tls": "none", "connections": 1, "timeoutSeconds": 10, "maxAttempts": 1]
        try workspace.writeConfig()
        #expect(try workspace.run("send").status == 0)

        let state = workspace.state.path
        for path in [state, state + "-wal", state + "-shm", state + ".lock"]
        where FileManager.default.fileExists(atPath: path) {
            let found = try mode(path)
            #expect(found == 0o600, "\(path) has mode \(String(found, radix: 8))")
        }
        #expect(try workspace.run("check").stderr.contains("may be read by others") == false)

        // A state file from before, with the umask's mode.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: state)
        let check = try workspace.run("check")
        #expect(check.status == 0, "a warning, not a problem: \(check)")
        #expect(
            check.stderr.contains("\(state) may be read by others (mode 644)")
                && check.stderr.contains("run `chmod 600 \(state)`"),
            "\(check.stderr)"
        )
    }
}
