import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A network namespace of a test's own (`ip netns add`), with only its loopback up: what runs in it
/// shares no sockets, and no TCP counters, with the rest of the machine. Deleted in deinit.
package final class TestNetworkNamespace {
    /// The hint given when a namespace cannot be made.
    package static let hint = "network namespaces need root and iproute2: apt-get install iproute2, run as root"

    /// Its name, for `ip netns exec`.
    package let name: String

    /// Makes the namespace and brings its loopback up.
    package init() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: Self.ip.path) else {
            throw TestSupportError(description: "cannot make a network namespace; \(Self.hint)")
        }
        name = "newsletter-\(UUID().uuidString.prefix(8).lowercased())"
        for arguments in [["netns", "add", name], ["netns", "exec", name, "ip", "link", "set", "lo", "up"]] {
            let result = try Command.run(Self.ip, arguments)
            guard result.status == 0 else {
                throw TestSupportError(
                    description: "ip \(arguments.joined(separator: " ")): \(result.stderr); \(Self.hint)"
                )
            }
        }
    }

    deinit {
        _ = try? Command.run(Self.ip, ["netns", "delete", name])
    }

    /// Runs `executable` with `arguments` inside the namespace.
    package func run(
        _ executable: URL,
        _ arguments: [String],
        in folder: URL? = nil,
        environment: [String: String] = [:],
        timeout: TimeInterval = 120
    ) throws -> CommandResult {
        try Command.run(
            Self.ip,
            ["netns", "exec", name, executable.path] + arguments,
            in: folder,
            environment: environment,
            timeout: timeout
        )
    }

    /// The kernel's count of delayed ACKs sent in this namespace (TcpExt DelayedACKs): each one an
    /// acknowledgement held back, up to 40 ms, because nothing was going the other way.
    package func delayedACKs() throws -> Int {
        let result = try run(URL(fileURLWithPath: "/bin/cat"), ["/proc/net/netstat"])
        let lines = result.output.split(separator: "\n").filter { $0.hasPrefix("TcpExt:") }
        guard lines.count == 2 else { throw TestSupportError(description: "no TcpExt counters in /proc/net/netstat") }
        let names = lines[0].split(separator: " ")
        let values = lines[1].split(separator: " ")
        guard let index = names.firstIndex(of: "DelayedACKs"), index < values.count, let count = Int(values[index])
        else { throw TestSupportError(description: "no DelayedACKs counter in /proc/net/netstat") }
        return count
    }

    private static let ip = URL(fileURLWithPath: "/usr/sbin/ip")
}
