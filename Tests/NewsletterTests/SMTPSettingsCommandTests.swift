import Foundation
import TestSupport
import Testing

/// `check` and `send` judge the SMTP settings by one set of rules: a setting that cannot work is
/// refused by both, with the same line, before anything is recorded or sent.
@Suite struct SMTPSettingsCommandTests {
    /// Bad settings, as edits of a relay that points at the test server, and the line both commands print.
    static let faults: [(name: String, edit: @Sendable (inout [String: Any], String) -> Void, message: String)] = [
        (
            "a port out of range",
            { smtp, _ in smtp["url"] = "smtp://127.0.0.1:99999" },
            "smtp.url: the port must be a number from 1 to 65535"
        ),
        (
            "a query after the address",
            { smtp, url in smtp["url"] = url + "?auth=plain" },
            "smtp.url: must be just smtp://host:port, without a query or fragment"
        ),
        (
            "a path after the address",
            { smtp, url in smtp["url"] = url + "/example.org" },
            "smtp.url: must not have a path ('/example.org')"
        ),
        (
            "credentials in the URL",
            { smtp, url in smtp["url"] = url.replacingOccurrences(of: "smtp://", with: "smtp://news:hunter2@") },
            "smtp.url: must not hold a user name or password"
        ),
        (
            "implicit TLS on an smtp:// URL",
            { smtp, _ in smtp["tls"] = "implicit" },
            "smtp.tls: implicit TLS needs an smtps:// URL"
        ),
        (
            "a timeout beyond the limit",
            { smtp, _ in smtp["timeoutSeconds"] = 5000 },
            "smtp.timeoutSeconds: must be between 1 and 3600, not 5000"
        ),
        (
            "a user name over two lines",
            { smtp, _ in
                smtp["username"] = "news\nRCPT TO:<x@example.org>"
                smtp["passwordEnv"] = "SMTP_PASSWORD"
            },
            "smtp.username: must be a non-empty single line"
        ),
    ]

    @Test(arguments: faults.indices)
    func checkAndSendRefuseTheSameSettingWithTheSameLine(_ index: Int) throws {
        let fault = Self.faults[index]
        let server = try TestSMTPServer()
        let workspace = try Workspace()
        fault.edit(&workspace.smtp, server.url)
        try workspace.writeConfig()
        let environment = ["SMTP_PASSWORD": "hunter2"]

        let check = try workspace.run("check", environment: environment)
        let send = try workspace.run("send", environment: environment)
        let testSend = try workspace.run("send", "--to", "editor@example.org", environment: environment)

        for result in [check, send, testSend] {
            #expect(result.status == 78, "\(fault.name): \(result)")
            #expect(result.stderr.contains(fault.message), "\(fault.name): \(result.stderr)")
            #expect(!result.stderr.contains("hunter2"), "\(fault.name): the password was printed")
        }
        let line = { (result: CommandResult) in result.stderr.split(separator: "\n").first { $0.contains("smtp.") } }
        #expect(line(check) != nil)
        #expect(line(check) == line(send), "\(fault.name)")
        #expect(line(check) == line(testSend), "\(fault.name)")
        #expect(try server.messages().isEmpty, "\(fault.name): a message went out")
        #expect(!FileManager.default.fileExists(atPath: workspace.state.path), "\(fault.name): send recorded a mailing")
    }
}
