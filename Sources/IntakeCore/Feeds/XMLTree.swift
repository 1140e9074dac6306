import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small element tree read with Foundation's `XMLParser`, for the feed formats to walk.
///
/// External entities are never resolved: the parser is told not to, and a document that declares
/// one is refused outright.
package final class XMLElementNode {
    /// The qualified name as written (`item`, `content:encoded`).
    package let name: String
    /// The attributes as written.
    package let attributes: [String: String]
    /// The child elements, in order.
    package fileprivate(set) var children: [XMLElementNode] = []
    /// The element's own text (character data and CDATA, entities decoded), children's text excluded.
    package fileprivate(set) var text = ""

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

    /// The text of this element and all its descendants, in document order.
    package var allText: String { text + children.map(\.allText).joined() }

    /// Reads `data` as XML; fails with a one-line reason naming the line.
    package static func parse(_ data: Data) -> Result<XMLElementNode, FeedProblem> {
        // Entity declarations are refused before parsing: XMLParser never resolves external ones,
        // but a feed has no use for any, and one that declares them is not to be trusted.
        if let doctype = data.range(of: Data("<!DOCTYPE".utf8)),
            data[doctype.lowerBound...].prefix(64 << 10).range(of: Data("<!ENTITY".utf8)) != nil
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
    var stack: [XMLElementNode] = []
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
        let node = XMLElementNode(name: elementName, attributes: attributes)
        if let parent = stack.last { parent.children.append(node) } else if root == nil { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
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
