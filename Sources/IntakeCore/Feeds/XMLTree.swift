import Foundation

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
    package static func parse(_ data: Data) -> Result<XMLElementNode, FeedProblem> {
        // Only a DOCTYPE can declare entities, and it must come before the first element: the
        // whole prologue is searched, however long, not just its first bytes.
        let prologueEnd = Self.firstElementStart(in: data)
        if let doctype = data[..<prologueEnd].range(of: Data("<!DOCTYPE".utf8)),
            data[doctype.lowerBound..<prologueEnd].range(of: Data("<!ENTITY".utf8)) != nil
        {
            let line = data[..<doctype.lowerBound].filter { $0 == 0x0A }.count + 1
            return .failure(.malformed("XML line \(line): the document declares entities, which are never read"))
        }
        let parser = XMLParser(data: data)
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
