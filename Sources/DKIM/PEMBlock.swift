import Foundation

/// One PEM block (RFC 7468): its label and the DER bytes it wraps.
struct PEMBlock: Sendable, Equatable {
    /// The label between `BEGIN` and the dashes, e.g. `PRIVATE KEY`.
    var label: String
    /// The decoded base64 content.
    var der: [UInt8]

    /// The first PEM block of `text`, skipping any text before it (as OpenSSL does).
    init(parsing text: String) throws(DKIMKeyError) {
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(where: { $0.hasPrefix("-----BEGIN ") && $0.hasSuffix("-----") }) else {
            throw .notPEM
        }
        let label = String(lines[begin].dropFirst("-----BEGIN ".count).dropLast(5))
        guard let end = lines[(begin + 1)...].firstIndex(of: "-----END \(label)-----") else { throw .notPEM }
        let body = lines[(begin + 1)..<end]
        if body.contains(where: { $0.contains(":") }) {
            throw .unsupportedBlock("ENCRYPTED " + label)  // RFC 1421 headers (Proc-Type: 4,ENCRYPTED)
        }
        guard let data = Data(base64Encoded: body.joined()), !data.isEmpty else { throw .notPEM }
        self.label = label
        der = [UInt8](data)
    }

    /// `der` wrapped as PEM text with `label`, 64 base64 characters a line.
    static func text(label: String, der: [UInt8]) -> String {
        let base64 = Data(der).base64EncodedString()
        var lines = ["-----BEGIN \(label)-----"]
        var index = base64.startIndex
        while index < base64.endIndex {
            let next = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<next]))
            index = next
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }
}
