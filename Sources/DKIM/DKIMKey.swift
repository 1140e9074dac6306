/// One configured signing identity: the domain (`d=`), the selector (`s=`) and its private key.
package struct DKIMKey: Sendable {
    /// The signing domain, lowercased: the From domain or a parent of it.
    package var domain: String
    /// The selector: the key record lives at `SELECTOR._domainkey.DOMAIN`.
    package var selector: String
    /// The private key.
    package var privateKey: DKIMPrivateKey

    /// A key for `domain` under `selector`.
    package init(domain: String, selector: String, privateKey: DKIMPrivateKey) {
        self.domain = domain.lowercased()
        self.selector = selector
        self.privateKey = privateKey
    }

    /// The algorithm the key signs with.
    package var algorithm: DKIMAlgorithm { privateKey.algorithm }

    /// The DNS TXT record that publishes this key's public half.
    package var record: DKIMRecord { DKIMRecord(key: self) }

    /// Whether `selector` is a dot-separated run of DNS labels (letters, digits, inner hyphens).
    package static func isValidSelector(_ selector: String) -> Bool {
        let labels = selector.split(separator: ".", omittingEmptySubsequences: false)
        return !selector.isEmpty && selector.utf8.count <= 63
            && labels.allSatisfy { label in
                !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
    }

    /// Whether `domain` is a domain name of two labels or more, without a final dot.
    package static func isValidDomain(_ domain: String) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && domain.utf8.count <= 253
            && labels.allSatisfy { label in
                !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
    }
}
