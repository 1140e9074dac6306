import Foundation

/// A self-signed certificate and key for 127.0.0.1 and localhost, made with the `openssl` CLI.
///
/// The subject alternative names matter: libcurl checks the host name (here the
/// IP address 127.0.0.1) against the SAN, not the CN. The files live in their
/// own temporary directory, removed with this object.
package final class TestCertificate {
    /// Holds the files.
    private let directory: TemporaryFolder
    /// The PEM certificate; also usable as `caFile`, being self-signed.
    package let certificatePath: String
    /// The PEM private key, unencrypted.
    package let keyPath: String

    /// Generates a new P-256 key and a certificate valid for two days.
    package init() throws {
        directory = try TemporaryFolder(prefix: "smtp-cert")
        certificatePath = directory.path("cert.pem")
        keyPath = directory.path("key.pem")
        let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let openssl else {
            throw TestSupportError(
                description: "generating a test certificate needs the openssl CLI: apt-get install openssl"
            )
        }
        let errorLog = directory.path("openssl.err")
        _ = FileManager.default.createFile(atPath: errorLog, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", keyPath, "-out", certificatePath, "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: errorLog)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: certificatePath) else {
            let log = (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? ""
            throw TestSupportError(
                description:
                    "openssl could not make a test certificate (OpenSSL 1.1.1 or later needed for -addext): \(log)"
            )
        }
    }
}
