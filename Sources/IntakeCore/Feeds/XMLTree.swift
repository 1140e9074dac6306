import Foundation
import TextBasics

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small element tree read with Foundation's `XMLParser`, for the feed formats to walk.
///
/// External entities are never resolved: the parser is told not to, and a document that declares
/// one is refused outright. Elements nest at most ``maximumDepth`` deep, so that nothing walking or
/// freeing the tree recurses further than that.
package final class XMLElementNode {
    /// The deepest nesting read; a feed never comes near it (an Atom entry's XHTML is a few levels).
    package static let maximumDepth = 256

    /// A piece of an element's content, in document order.
    fileprivate enum Piece {
        case text(String)
        case child(XMLElementNode)
    }

    /// The qualified name as written (`item`, `content:encoded`).
    package let name: String
    /// The attributes as written.
    package let attributes: [String: String]
    /// The child elements, in order.
    package fileprivate(set) var children: [XMLElementNode] = []
    /// Its text runs (character data and CDATA, entities decoded) and children, in document order.
    fileprivate var pieces: [Piece] = []

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// The name without its namespace prefix.
    package var localName: String { name.split(separator: ":").last.map(String.init) ?? name }

    /// The first child whose qualified name is `name`.
    package func child(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }

    /// Every child whose qualified name is `name`.
    package func children(_ name: String) -> [XMLElementNode] { children.filter { $0.name == name } }

    /// The text of this element and all its descendants, in document order (an inline element's
    /// text where it stands), walked without recursion.
    package var allText: String {
        var text = ""
        var pending: [ArraySlice<Piece>] = [pieces[...]]
        while var rest = pending.popLast() {
            guard let piece = rest.popFirst() else { continue }
            pending.append(rest)
            switch piece {
            case .text(let run): text += run
            case .child(let node): pending.append(node.pieces[...])
            }
        }
        return text
    }

    /// Reads `data` as XML; fails with a one-line reason naming the line.
    package static func parse(_ raw: Data) -> Result<XMLElementNode, FeedProblem> {
        // Foundation's XMLParser traps on names that are not UTF-8, and no XML holds a NUL: both are
        // refused here, a Latin-1 feed (as its declaration says) read as what it is.
        let data: Data
        switch utf8(raw) {
        case .success(let text): data = text
        case .failure(let problem): return .failure(problem)
        }
        // Only a DOCTYPE can declare entities, and it must come before the first element: the
        // whole prologue is searched, however long, not just its first bytes.
        let prologueEnd = Self.firstElementStart(in: data)
        if let doctype = data[..<prologueEnd].range(of: Data("<!DOCTYPE".utf8)),
            data[doctype.lowerBound..<prologueEnd].range(of: Data("<!ENTITY".utf8)) != nil
        {
            let line = data[..<doctype.lowerBound].filter { $0 == 0x0A }.count + 1
            return .failure(.malformed("XML line \(line): the document declares entities, which are never read"))
        }
        let parser = XMLParser(data: Self.givingEveryInstructionData(data))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        let builder = TreeBuilder()
        parser.delegate = builder
        let parsed = parser.parse()
        if let refusal = builder.refusal { return .failure(.malformed(refusal)) }
        if let error = builder.firstError ?? parser.parserError.map({ (parser.lineNumber, $0) }) {
            return .failure(.malformed("XML line \(error.line): \(describe(error.error))"))
        }
        guard parsed, let root = builder.root else {
            return .failure(.malformed("XML line \(parser.lineNumber): not well-formed"))
        }
        return .success(root)
    }

    /// `data` as UTF-8: as it is when it is valid UTF-8, transcoded from the Latin-1 family when the
    /// XML declaration names it; otherwise, and for any NUL byte, why it cannot be read.
    private static func utf8(_ data: Data) -> Result<Data, FeedProblem> {
        if let nul = data.firstIndex(of: 0) {
            let line = data[..<nul].filter { $0 == 0x0A }.count + 1
            return .failure(.malformed("XML line \(line): a NUL byte, which no XML document holds"))
        }
        if String(validating: data, as: UTF8.self) != nil { return .success(data) }
        let declaration = String(decoding: data.prefix(200).prefix { $0 != UInt8(ascii: ">") }, as: UTF8.self)
            .lowercased()
        let declaresLatin = Latin1.names.contains {
            declaration.contains("\"\($0)\"") || declaration.contains("'\($0)'")
        }
        guard declaration.hasPrefix("<?xml"), declaresLatin else {
            // The line of the first byte that is not UTF-8: lines counted while decoding up to it.
            var line = 1
            var decoder = Unicode.UTF8()
            var bytes = data.makeIterator()
            decoding: while true {
                switch decoder.decode(&bytes) {
                case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
                case .emptyInput, .error: break decoding
                }
            }
            return .failure(
                .malformed("XML line \(line): not valid UTF-8, and the declaration names no other encoding")
            )
        }
        let utf8 = Latin1.utf8(data)
        // The declaration is ASCII, so the same bytes begin both; it now says what the bytes are.
        let declarationLength = data.prefix(200).prefix { $0 != UInt8(ascii: ">") }.count
        var head = String(decoding: utf8.prefix(declarationLength), as: UTF8.self)
        for name in Latin1.names {
            head = head.replacingOccurrences(of: "\"\(name)\"", with: "\"UTF-8\"", options: .caseInsensitive)
            head = head.replacingOccurrences(of: "'\(name)'", with: "'UTF-8'", options: .caseInsensitive)
        }
        return .success(Data(head.utf8) + utf8.dropFirst(declarationLength))
    }

    /// `data` with a space before the `?>` of every processing instruction that has a target but no
    /// data (`<?target?>`): Foundation's XMLParser hands libxml2's NULL data to `strlen` and crashes
    /// (the fuzzer's second find), while `<?target ?>` means the same and reads as empty. Comments
    /// and CDATA sections are passed over, so their text is untouched.
    private static func givingEveryInstructionData(_ data: Data) -> Data {
        var insertions: [Data.Index] = []
        var index = data.startIndex
        while index < data.endIndex {
            let rest = data[index...]
            if rest.starts(with: "<!--".utf8) || rest.starts(with: "<![CDATA[".utf8) {
                let close = rest.starts(with: "<!--".utf8) ? "-->" : "]]>"
                guard let end = rest.range(of: Data(close.utf8)) else { break }
                index = end.upperBound
                continue
            }
            guard rest.starts(with: "<?".utf8) else {
                index = data.index(after: index)
                continue
            }
            let target = rest.dropFirst(2).prefix { !" \t\r\n?<>".utf8.contains($0) }
            if !target.isEmpty, data[target.endIndex...].starts(with: "?>".utf8) {
                insertions.append(target.endIndex)
            }
            index = target.endIndex
        }
        guard !insertions.isEmpty else { return data }
        var spaced = Data(capacity: data.count + insertions.count)
        var copied = data.startIndex
        for insertion in insertions {
            spaced.append(data[copied..<insertion])
            spaced.append(UInt8(ascii: " "))
            copied = insertion
        }
        spaced.append(data[copied...])
        return spaced
    }

    /// Where the first element starts: the first `<` followed by a letter, outside comments and the
    /// DOCTYPE's internal subset (`[…]`); the end of the data when there is none.
    private static func firstElementStart(in data: Data) -> Data.Index {
        var inSubset = false
        var index = data.startIndex
        while index < data.endIndex {
            if data[index...].starts(with: "<!--".utf8) {
                guard let end = data[index...].range(of: Data("-->".utf8)) else { return data.endIndex }
                index = end.upperBound
                continue
            }
            let byte = data[index]
            if byte == UInt8(ascii: "[") { inSubset = true }
            if byte == UInt8(ascii: "]") { inSubset = false }
            let next = data.index(after: index)
            if !inSubset, byte == UInt8(ascii: "<"), next < data.endIndex,
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(data[next] & 0xDF)
            {
                return index
            }
            index = next
        }
        return data.endIndex
    }

    /// A parser error in words.
    private static func describe(_ error: any Error) -> String {
        let code = (error as NSError).code
        let names: [Int: String] = [
            4: "the document is empty", 5: "the document ends too early", 9: "a character that XML does not allow",
            26: "an undeclared entity", 38: "an attribute without a value", 41: "an attribute is not closed",
            65: "a space is required here", 73: "'>' is missing", 76: "an end tag does not match its start tag",
            111: "an entity refers to itself",
        ]
        return "not well-formed XML (\(names[code] ?? "parser error \(code)"))"
    }
}

/// Builds the tree from the parser's events.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    var root: XMLElementNode?
    /// The open elements, each with the text read since its last child began.
    var stack: [(node: XMLElementNode, text: String)] = []
    var refusal: String?
    var firstError: (line: Int, error: any Error)?

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if firstError == nil { firstError = (parser.lineNumber, parseError) }
    }

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard stack.count < XMLElementNode.maximumDepth else {
            refusal =
                "XML line \(parser.lineNumber): elements nest more than \(XMLElementNode.maximumDepth) deep; "
                + "no feed needs that"
            parser.abortParsing()
            return
        }
        let node = XMLElementNode(name: elementName, attributes: attributes)
        if stack.isEmpty {
            if root == nil { root = node }
        } else {
            flushText()
            stack[stack.count - 1].node.children.append(node)
            stack[stack.count - 1].node.pieces.append(.child(node))
        }
        stack.append((node, ""))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        flushText()
        _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    /// Moves the innermost element's pending text into its content, before a child or its end.
    private func flushText() {
        guard let last = stack.indices.last, !stack[last].text.isEmpty else { return }
        stack[last].node.pieces.append(.text(stack[last].text))
        stack[last].text = ""
    }

    func parser(
        _ parser: XMLParser,
        foundExternalEntityDeclarationWithName name: String,
        publicID: String?,
        systemID: String?
    ) {
        refusal = "XML line \(parser.lineNumber): declares the external entity '\(name)', which is never read"
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        refusal = "XML line \(parser.lineNumber): declares the entity '\(name)'; feeds must not define entities"
        parser.abortParsing()
    }
}
