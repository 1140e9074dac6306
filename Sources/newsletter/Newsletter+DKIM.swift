import ArgumentParser
import DKIM
import Foundation
import NewsletterCore
import Settings

extension Newsletter {
    /// DKIM keys: `newsletter dkim keygen`.
    struct DKIM: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dkim",
            abstract: "Manage the DKIM keys messages are signed with.",
            subcommands: [Keygen.self]
        )
    }
}

extension Newsletter.DKIM {
    /// Makes a new private key and prints the DNS TXT record that publishes it.
    struct Keygen: NewsletterCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new DKIM private key (mode 0600, never overwriting) and print its DNS TXT record.",
            discussion: """
                The record goes at SELECTOR._domainkey.DOMAIN. DOMAIN defaults to the domain of the config's \
                "from" address; the key file defaults to the keyFile of the config's dkim entry with this \
                selector, else SELECTOR.pem in the current folder.
                """
        )

        @OptionGroup var options: GlobalOptions

        @Option(help: "rsa or ed25519.")
        var algorithm: String

        @Option(help: "The selector, e.g. s2026e.")
        var selector: String

        @Option(help: "RSA key size in bits (2048 or more; default 2048).")
        var bits: Int?

        @Option(help: "Where to write the private key.")
        var out: String?

        @Option(help: "The signing domain (default: the config's From domain).")
        var domain: String?

        func perform() throws {
            guard let algorithm = DKIMAlgorithm(name: algorithm) else {
                throw NewsletterError(.usage, "--algorithm: '\(algorithm)' is not one of rsa, ed25519")
            }
            guard DKIMKey.isValidSelector(selector) else {
                throw NewsletterError(
                    .usage,
                    "--selector: '\(selector)' must be letters, digits and hyphens, e.g. s2026e"
                )
            }
            if let bits {
                guard algorithm == .rsa else {
                    throw NewsletterError(.usage, "--bits: only RSA keys have a size to choose")
                }
                guard (DKIMAlgorithm.minimumRSABits...8192).contains(bits), bits % 8 == 0 else {
                    throw NewsletterError(
                        .usage,
                        "--bits: \(bits) is not a DKIM key size; use 2048 to 8192, a multiple of 8"
                    )
                }
            }
            let hints = Configuration.dkimHints(at: options.config, selector: selector)
            guard let domain = (domain ?? hints?.domain ?? hints?.fromDomain)?.lowercased() else {
                throw NewsletterError(
                    .usage,
                    "--domain: required, since \(options.config) cannot be read for the From domain"
                )
            }
            guard DKIMKey.isValidDomain(domain) else {
                throw NewsletterError(.usage, "--domain: '\(domain)' is not a domain name such as example.org")
            }
            let file =
                out.map { URL(fileURLWithPath: $0).standardizedFileURL }
                ?? hints?.keyFile
                ?? URL(fileURLWithPath: "\(selector).pem").standardizedFileURL
            if FileManager.default.fileExists(atPath: file.path) {
                // Checked before the (slow, for RSA) generation; creating with O_EXCL still decides.
                throw NewsletterError(
                    .usage,
                    "already exists; it is never overwritten: choose another --out file, "
                        + "or move the old key away first",
                    context: file.path
                )
            }
            let key: DKIMKey
            do {
                let privateKey = try DKIMPrivateKey.generate(algorithm, bits: bits ?? DKIMAlgorithm.minimumRSABits)
                key = DKIMKey(domain: domain, selector: selector, privateKey: privateKey)
            } catch {
                throw NewsletterError(.usage, "cannot make the key: \(error)")
            }
            try PrivateFile.create(at: file, contents: key.privateKey.pemRepresentation)
            Console.out(key.record.zoneFileLine + "\n")
            let kind = algorithm == .rsa ? "\(key.privateKey.bits)-bit RSA" : "Ed25519"
            let entry =
                #"{"domain": "\#(domain)", "selector": "\#(selector)", "#
                + #""algorithm": "\#(algorithm.rawValue)", "keyFile": "\#(file.path)"}"#
            Console.error(
                "wrote the \(kind) private key to \(file.path) (mode 0600). "
                    + "Publish the TXT record above, "
                    + "then list the key in the config: \"dkim\": [\(entry)]"
            )
        }
    }
}
