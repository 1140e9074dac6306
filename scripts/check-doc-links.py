#!/usr/bin/env python3
"""Checks that every DocC symbol link (``Like/this(label:)``) names a declaration in Sources/.

Where links are read: the `///` and `/** */` comments of every .swift file under Sources/, and every
.md file at the top of the repository and under docs/ (double-backtick spans only). Spans inside
fenced code blocks are skipped, and so are spans with white space in them (Markdown code spans such
as `` `x` ``, not links).

What it guarantees: each link resolves against the declarations a small brace-tracking scanner finds
in Sources/ (types, typealiases and associated types with their enclosing types; extensions; funcs,
inits, subscripts, vars, lets and enum cases with their argument labels), the way DocC resolves
links but more leniently:
  - a leading module name (a folder of Sources/) may be dropped; DocC disambiguation suffixes
    (`-swift.property`, `-7abc`, `-(Int)->String`) are ignored;
  - a one-component link resolves when it names a type anywhere, a member of the documented
    symbol's scope (its type, the enclosing types, their extensions and the protocols they adopt)
    or, leniently, a member anywhere; a component written `name(a:b:)` must match a func, init,
    subscript or enum case with exactly those labels, but a bare `name` also matches them;
  - a link of several components resolves component by component (`A/B/c(d:)`: B a member or
    nested type of A, extensions and adopted protocols included).
`--lenient` lists the links that resolve only through these leniencies (a symbol of another
module, a type nested out of scope, a member of an unrelated type, a name without its labels):
DocC, which looks from the documented symbol outwards within its own module, would not resolve them
as written. A link to another target's symbol that starts with that target's name
(``NewsletterCore/NewsletterError``, the form DocC resolves when it documents several targets
together) is not lenient.

What it does not guarantee: that DocC builds (it does not run DocC); anything about symbols outside
Sources/ (standard library, packages); declarations inside `#if` branches count whatever the
condition; `let a = 1, b = 2` records only `a`; bare regex literals (/.../) are not recognised.

Usage: check-doc-links.py [--root DIR] [--lenient] [--self-test]
"""

import os
import re
import sys

from swift_source import skip_block_comment, skip_literal_or_comment  # scripts/swift_source.py

TYPE_KEYWORDS = {"struct", "class", "enum", "protocol", "actor"}
MEMBER_KEYWORDS = {"func", "init", "subscript", "var", "let", "case", "typealias", "associatedtype"}
DECLARATION_KEYWORDS = TYPE_KEYWORDS | MEMBER_KEYWORDS | {"extension"}
# After `class`, these make it a modifier (`class func`), not a class declaration.
CLASS_MODIFIED = {"func", "var", "let", "subscript", "override", "final", "static", "private", "public",
                  "internal", "package", "fileprivate", "open", "nonisolated", "convenience", "required"}
# Module prefixes that extensions of outside types may carry (`extension Swift.String`).
OUTSIDE_MODULES = {"Swift", "Foundation", "FoundationEssentials"}

LINK = re.compile(r"(?<!`)``([^`\s]+)``(?!`)")
FENCE = re.compile(r"^\s*(```|~~~)")
DISAMBIGUATION = re.compile(r"(.+?)(?:-(?:swift\.[A-Za-z.]+|[0-9a-z]{3,6}|\(.*\)(?:->.*)?|->.*))?")
CALL_FORM = re.compile(r"([^()]+)\(([^()]*)\)")


# Lexing: tokens, with comments and string literals skipped, and doc comments kept --------------


class Token:
    __slots__ = ("kind", "text", "line")

    def __init__(self, kind, text, line):
        self.kind, self.text, self.line = kind, text, line


IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\$\w+|`[^`\n]+`")
NUMBER = re.compile(r"[0-9][0-9A-Za-z_]*(?:\.[0-9][0-9A-Za-z_]*)*")
OPERATOR = re.compile(r"(?:(?!//|/\*)[/=\-+!*%<>&|^~?.])+")
SPACE = re.compile(r"\s+")


def tokenize(text):
    """Identifiers, numbers, operators and punctuation; strings as one "str" token; doc comment lines
    as "doc" tokens (text without the comment markers); other comments dropped."""
    tokens, i, line = [], 0, 1
    while i < len(text):
        end, kind = scan_one(text, i)
        piece = text[i:end]
        if kind == "doc":
            for offset, doc_line in enumerate(doc_lines(piece)):
                tokens.append(Token("doc", doc_line, line + offset))
        elif kind:
            tokens.append(Token(kind, piece.strip("`") if kind == "id" else piece, line))
        line += piece.count("\n")
        i = end
    return tokens


def scan_one(text, i):
    """The end of the lexeme at i and its kind: id, num, op, punct, str, doc, or None (skipped)."""
    if text.startswith("///", i) and not text.startswith("////", i):
        end = text.find("\n", i)
        return (len(text) if end < 0 else end), "doc"
    if text.startswith("/**", i) and not text.startswith("/**/", i):
        return skip_block_comment(text, i), "doc"
    literal_end = skip_literal_or_comment(text, i)
    if literal_end != i:
        return literal_end, ("str" if text[i] in '"#' else None)
    for pattern, kind in ((SPACE, None), (IDENTIFIER, "id"), (NUMBER, "num"), (OPERATOR, "op")):
        match = pattern.match(text, i)
        if match:
            return match.end(), kind
    return i + 1, "punct"


def doc_lines(comment):
    """The lines of a doc comment without `///`, `/**`, `*/` and the leading `*` of block lines."""
    if comment.startswith("///"):
        return [comment[3:]]
    lines = comment[3:-2].split("\n")
    return [re.sub(r"^\s*\*(?!\*)", "", line) if n else line for n, line in enumerate(lines)]


# The declarations ---------------------------------------------------------------------------------


class TypeInfo:
    """A type (or the top level, path ()): where it is declared or extended, members, adoptions."""

    def __init__(self):
        self.modules = set()  # modules that declare or extend it
        self.members = {}  # name -> [(labels or None, module)]; labels like "_:to:"
        self.adopts = set()  # simple names of inherited types and adopted protocols
        self.alias = None  # a typealias's target, as a path


class Declarations:
    def __init__(self):
        self.types = {(): TypeInfo()}
        self.by_name = {}  # simple type name -> {path}

    def type(self, path, module):
        info = self.types.setdefault(path, TypeInfo())
        info.modules.add(module)
        if path:
            self.by_name.setdefault(path[-1], set()).add(path)
        return info

    def member(self, path, name, labels, module):
        owner = self.types.setdefault(path, TypeInfo())
        owner.members.setdefault(name, []).append((labels, module))


class Scope:
    __slots__ = ("path", "is_type", "depth")

    def __init__(self, path, is_type):
        self.path, self.is_type, self.depth = path, is_type, 0  # depth: open ( and [ in this scope


def parse_file(tokens, module, declarations):
    """Records the file's declarations; returns its doc links as (line, text, scope path), and
    whether the braces failed to balance (then the scanner misread the file)."""
    parser = Parser(tokens, module, declarations)
    parser.run()
    return parser.links, parser.lost


class Parser:
    def __init__(self, tokens, module, declarations):
        self.tokens, self.module, self.declarations = tokens, module, declarations
        self.stack = [Scope((), True)]
        self.pending_type = None  # the path whose body the next `{` opens
        self.pending_docs = []  # doc lines waiting for their declaration
        self.links = []
        self.lost = False  # a `}` with no `{`, or a `{` never closed: the scanner misread something

    def run(self):
        i = 0
        while i < len(self.tokens):
            token = self.tokens[i]
            if token.kind == "doc":
                self.pending_docs.append(token)
                i += 1
            elif self.at_declaration(i):
                i = self.declaration(i)
            else:
                self.punctuation(token)
                i += 1
        self.flush_docs(self.type_path())
        self.lost = self.lost or len(self.stack) != 1

    def at_declaration(self, i):
        """A declaration keyword directly in a type's body or at the top level (not `.init`, not
        `import struct X.Y`)."""
        token, scope = self.tokens[i], self.stack[-1]
        previous = self.tokens[i - 1].text if i else ""
        return (token.kind == "id" and token.text in DECLARATION_KEYWORDS and scope.is_type
                and scope.depth == 0 and previous not in (".", "import"))

    def punctuation(self, token):
        scope = self.stack[-1]
        if token.text == "{":
            self.flush_docs(self.type_path())
            is_type = self.pending_type is not None and scope.depth == 0
            self.stack.append(Scope(self.pending_type if is_type else self.type_path(), is_type))
            self.pending_type = None
        elif token.text == "}":
            self.flush_docs(self.type_path())
            if len(self.stack) == 1:
                self.lost = True
            else:
                self.stack.pop()
        elif token.text in ("(", "["):
            scope.depth += 1
        elif token.text in (")", "]"):
            scope.depth = max(0, scope.depth - 1)

    def type_path(self):
        """The path of the innermost type around this point (a code scope keeps its type's path)."""
        return self.stack[-1].path

    def flush_docs(self, scope_path):
        """The pending doc comment's links, resolved later relative to scope_path."""
        fenced = False
        for token in self.pending_docs:
            if FENCE.match(token.text):
                fenced = not fenced
            elif not fenced:
                self.links.extend((token.line, text, scope_path) for text in LINK.findall(token.text))
        self.pending_docs = []

    # Declarations ------------------------------------------------------------------------------

    def declaration(self, i):
        keyword = self.tokens[i].text
        if keyword == "class" and self.text(i + 1) in CLASS_MODIFIED:
            return i + 1
        if keyword in TYPE_KEYWORDS and self.kind(i + 1) == "id":
            return self.type_declaration(i)
        if keyword == "extension":
            return self.extension(i)
        if keyword in ("typealias", "associatedtype"):
            return self.alias(i)
        if keyword in ("func", "init", "subscript"):
            return self.function(i)
        if keyword in ("var", "let"):
            return self.variable(i)
        if keyword == "case":
            return self.cases(i)
        return i + 1

    def type_declaration(self, i):
        path = self.type_path() + (self.tokens[i + 1].text,)
        self.flush_docs(path)
        info = self.declarations.type(path, self.module)
        j = self.skip_angles(i + 2)
        j = self.adoptions(j, info)
        self.pending_type = path
        return j

    def extension(self, i):
        names, j = self.dotted_name(i + 1)
        if len(names) > 1 and names[0] in OUTSIDE_MODULES:
            names = names[1:]
        path = tuple(names)
        self.flush_docs(path)
        info = self.declarations.type(path, self.module)
        j = self.adoptions(self.skip_angles(j), info)
        self.pending_type = path
        return j

    def alias(self, i):
        if self.kind(i + 1) != "id":
            return i + 1
        path = self.type_path() + (self.tokens[i + 1].text,)
        self.flush_docs(self.type_path())
        info = self.declarations.type(path, self.module)
        j = self.skip_angles(i + 2)
        if self.text(j) == "=":
            names, j = self.dotted_name(j + 1)
            info.alias = tuple(names) or None
        return j

    def function(self, i):
        keyword = self.tokens[i].text
        self.flush_docs(self.type_path())
        j, name = i + 1, keyword
        if keyword == "func":
            name, j = self.text(i + 1), i + 2
        while self.text(j) in ("?", "!"):
            j += 1
        j = self.skip_angles(j)
        if self.text(j) != "(":
            return j
        groups, j = self.parameters(j)
        labels = "".join(self.label(group, keyword) + ":" for group in groups)
        self.declarations.member(self.type_path(), name, labels, self.module)
        return j

    def variable(self, i):
        self.flush_docs(self.type_path())
        if self.kind(i + 1) == "id":
            self.declarations.member(self.type_path(), self.tokens[i + 1].text, None, self.module)
        return i + 1

    def cases(self, i):
        """`case a, b(x: Int), c = 3`: each name, with the labels of its associated values."""
        self.flush_docs(self.type_path())
        j = i + 1
        while self.kind(j) == "id":
            name, j = self.tokens[j].text, j + 1
            labels = None
            if self.text(j) == "(":
                groups, j = self.parameters(j)
                labels = "".join(self.label(group, "case") + ":" for group in groups)
            self.declarations.member(self.type_path(), name, labels, self.module)
            if self.text(j) == "=":
                j = self.skip_raw_value(j + 1)
            if self.text(j) != ",":
                break
            j += 1
        return j

    # Token helpers -----------------------------------------------------------------------------

    def text(self, i):
        return self.tokens[i].text if i < len(self.tokens) else ""

    def kind(self, i):
        return self.tokens[i].kind if i < len(self.tokens) else ""

    def dotted_name(self, j):
        names = []
        while self.kind(j) == "id":
            names.append(self.tokens[j].text)
            if self.text(j + 1) != ".":
                return names, j + 1
            j += 2
        return names, j

    def skip_angles(self, j):
        """Past a generic clause `<...>` at j, if there is one."""
        if j >= len(self.tokens) or self.angle_change(self.tokens[j]) <= 0:
            return j
        depth = 0
        while j < len(self.tokens):
            depth += self.angle_change(self.tokens[j])
            j += 1
            if depth <= 0:
                break
        return j

    @staticmethod
    def angle_change(token):
        """The generic brackets a token opens (a lone `<`) or closes (`>`, `>>`, `>?`); shifts, `->`
        and comparisons with `=` count for none."""
        if token.kind != "op":
            return 0
        if token.text == "<":
            return 1
        return -token.text.count(">") if re.fullmatch(r">+[?!]*", token.text) else 0

    def adoptions(self, j, info):
        """After `: A, B.C where ...`, the adopted names (last components) up to `{` or `where`."""
        if self.text(j) != ":":
            return j
        j += 1
        while j < len(self.tokens) and self.text(j) not in ("{", "where"):
            names, after = self.dotted_name(j)
            if names:
                info.adopts.add(names[-1])
                j = self.skip_angles(after)
            else:
                j += 1
        return j

    def parameters(self, j):
        """The tokens of each parameter of the list opening at j, and the index after its `)`."""
        groups, current, depth, angles = [], [], 0, 0
        j += 1
        while j < len(self.tokens):
            token = self.tokens[j]
            if token.kind == "punct" and token.text in "([{":
                depth += 1
            elif token.kind == "punct" and token.text in ")]}":
                if depth == 0:
                    break
                depth -= 1
            angles = max(0, angles + self.angle_change(token))
            if token.text == "," and depth == 0 and angles == 0:
                groups.append(current)
                current = []
            else:
                current.append(token)
            j += 1
        if current:
            groups.append(current)
        return groups, j + 1

    @staticmethod
    def label(group, keyword):
        """A parameter's argument label: the first of the names before its colon, `_` without one
        (`case stored(String)`); a subscript's lone name is no label (`subscript(index: Int)`)."""
        names, depth = [], 0
        for token in group:
            if token.text == ":" and depth == 0:
                break
            depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(token.text, 0) + Parser.angle_change(token)
            names.append(token)
        else:
            return "_"
        if not names or names[0].kind != "id" or (keyword == "subscript" and len(names) < 2):
            return "_"
        return names[0].text

    def skip_raw_value(self, j):
        line = self.tokens[j].line if j < len(self.tokens) else 0
        while j < len(self.tokens) and self.tokens[j].line == line and self.text(j) not in (",", "}"):
            j += 1
        return j


# Resolving links ----------------------------------------------------------------------------------


class Resolver:
    """Resolves a link against the declarations: ("exact", []) as DocC would within the module,
    ("lenient", reasons) through the leniencies, or None."""

    def __init__(self, declarations, modules):
        self.declarations, self.modules = declarations, modules

    def resolve(self, link, scope, module):
        components = split_link(link)
        attempts = [(components, module, scope)]
        if len(components) > 1 and components[0][0] in self.modules and components[0][1] is None:
            attempts.append((components[1:], components[0][0], ()))  # a leading module name
        results = [r for r in (self.resolve_path(*attempt) for attempt in attempts) if r is not None]
        return min(results, key=lambda result: len(result[1]), default=None)

    def resolve_path(self, parts, module, scope):
        hits, reasons = self.first(parts[0], scope, module)
        for part in parts[1:]:
            paths = [hit.path for hit in hits if hit.path is not None]
            hits = self.lookup(paths, part)
            reasons += self.leniency(hits, part, module)
        if not hits:
            return None
        reasons = list(dict.fromkeys(reasons))
        return ("lenient", reasons) if reasons else ("exact", [])

    def first(self, part, scope, module):
        """Hits for a link's first component, and why they are lenient: the scope chain (the
        documented type, the types around it, the top level), then any type, then any member."""
        for depth in range(len(scope), -1, -1):
            hits = self.lookup([scope[:depth]], part)
            if hits:
                return hits, self.leniency(hits, part, module)
        paths = sorted(self.declarations.by_name.get(part[0], ())) if part[1] is None else []
        if paths:
            hits = [Hit(path, self.declarations.types[path].modules, False) for path in paths]
            nested = [f"the type {'.'.join(paths[0])} is nested out of this comment's scope"]
            return hits, (nested if all(len(path) > 1 for path in paths) else []) + self.leniency(hits, part, module)
        hits = [hit for path in list(self.declarations.types) for hit in self.lookup([path], part)]
        owners = sorted({".".join(hit.owner) or "the top level" for hit in hits})
        return hits, [f"a member of {', '.join(owners)}, out of scope"] + self.leniency(hits, part, module)

    def leniency(self, hits, part, module):
        """Why hits count only leniently: another module, or a bare name matching labelled members."""
        reasons = []
        if hits and module is not None and not any(module in hit.modules for hit in hits):
            reasons.append(f"found in {', '.join(sorted({m for hit in hits for m in hit.modules}))}, not in {module}")
        if hits and part[1] is None and all(hit.bare_match for hit in hits):
            reasons.append("a bare name for a declaration with argument labels")
        return reasons

    def lookup(self, paths, part):
        """Members and nested types named by part in each path, its adopted protocols and alias."""
        name, labels = part
        hits = []
        for path in self.related(paths):
            info = self.declarations.types.get(path)
            nested = path + (name,)
            if labels is None and nested in self.declarations.types:
                hits.append(Hit(self.target(nested), self.declarations.types[nested].modules, False, path))
            for member_labels, member_module in info.members.get(name, []) if info else []:
                if labels is None or labels == member_labels:
                    hits.append(Hit(None, {member_module}, labels is None and member_labels is not None, path))
        return hits

    def related(self, paths):
        """The paths, the types their typealiases name, and the types they adopt (transitively)."""
        seen, queue = [], [self.target(path) for path in paths]
        while queue:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.append(path)
            info = self.declarations.types.get(path)
            for name in sorted(info.adopts) if info else []:
                queue.extend(self.target(p) for p in sorted(self.declarations.by_name.get(name, ())))
        return seen

    def target(self, path, hops=0):
        """A typealias's type (when it is declared in Sources/), else the path itself."""
        info = self.declarations.types.get(path)
        if not info or not info.alias or hops > 8:
            return path
        alias = info.alias
        candidates = [p for p in self.declarations.types if p[-len(alias):] == alias and p != path]
        return self.target(min(candidates, key=len), hops + 1) if candidates else path


class Hit:
    __slots__ = ("path", "modules", "bare_match", "owner")

    def __init__(self, path, modules, bare_match, owner=()):
        self.path, self.modules, self.bare_match, self.owner = path, modules, bare_match, owner


def split_link(link):
    """A link's components as (name, labels or None), disambiguation suffixes dropped."""
    components, depth, current = [], 0, ""
    for character in link.lstrip("/"):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if character == "/" and depth == 0 and current:
            components.append(current)
            current = ""
        else:
            current += character
    components.append(current)
    parts = []
    for component in components:
        base = DISAMBIGUATION.fullmatch(component).group(1)
        call = CALL_FORM.fullmatch(base)
        parts.append((call.group(1), call.group(2).replace(" ", "")) if call else (base, None))
    return parts


# Files --------------------------------------------------------------------------------------------


def swift_sources(root):
    found = []
    for directory, subdirectories, files in os.walk(os.path.join(root, "Sources")):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        found.extend(os.path.relpath(os.path.join(directory, f), root) for f in sorted(files) if f.endswith(".swift"))
    return found


def markdown_files(root):
    found = sorted(f for f in os.listdir(root) if f.endswith(".md") and os.path.isfile(os.path.join(root, f)))
    for directory, subdirectories, files in os.walk(os.path.join(root, "docs")):
        subdirectories.sort()
        found.extend(os.path.relpath(os.path.join(directory, f), root) for f in sorted(files) if f.endswith(".md"))
    return found


def markdown_links(path, root):
    """The double-backtick spans of a Markdown file outside fenced code blocks, as (line, text)."""
    links, fenced = [], False
    with open(os.path.join(root, path), encoding="utf-8") as file:
        for number, line in enumerate(file, 1):
            if FENCE.match(line):
                fenced = not fenced
            elif not fenced:
                links.extend((number, text) for text in LINK.findall(line))
    return links


def check(root, report_lenient=False):
    """Findings (and, when asked, lenient resolutions) for the tree at root, and the counts."""
    declarations, occurrences, findings = Declarations(), [], []
    modules = {d for d in os.listdir(os.path.join(root, "Sources")) if os.path.isdir(os.path.join(root, "Sources", d))}
    for path in swift_sources(root):
        module = path.split(os.sep)[1]
        with open(os.path.join(root, path), encoding="utf-8") as file:
            tokens = tokenize(file.read())
        links, lost = parse_file(tokens, module, declarations)
        if lost:
            findings.append(f"{path}: the scanner of scripts/check-doc-links.py lost track of this file's braces;"
                            " fix the scanner (a literal or comment it misreads?)")
        occurrences.extend((path, line, text, scope, module) for line, text, scope in links)
    for path in markdown_files(root):
        occurrences.extend((path, line, text, (), None) for line, text in markdown_links(path, root))
    resolver = Resolver(declarations, modules)
    lenient = []
    for path, line, text, scope, module in occurrences:
        result = resolver.resolve(text, scope, module)
        if result is None:
            findings.append(f"{path}:{line}: ``{text}`` names nothing in Sources/; fix the link or the name")
        elif result[0] == "lenient" and report_lenient:
            lenient.append(f"{path}:{line}: ``{text}`` resolves only leniently: {'; '.join(result[1])}")
    files = len({occurrence[0] for occurrence in occurrences})
    return findings, lenient, len(occurrences), files


# The self-test ------------------------------------------------------------------------------------

SELF_TEST_SOURCES = {
    "Sources/Fixture/Ledger.swift": '''
/// The book. See ``Ledger/record(_:rendered:)``, ``Fixture/Ledger/count``, ``Kind/plain``.
/// ```
/// ``Fenced/out`` is code, not a link
/// ```
public struct Ledger: Countable {
    /// Records one; see ``record(_:rendered:)``, ``count-swift.property`` and ``Ledger/Kind``.
    public func record(_ issue: Int, rendered: String = "") { if true { let hidden = 1 } }
    public var count: Int { 0 }
    let text = """
        /// ``Nothing/here`` is in a string, not a comment }
        \\(count > 1 ? "}" : "{")
        """
    public enum Kind { case plain, tooLarge(number: Int, bytes: Int), stored(String) }
    let raw = #"a " } \\#(count)"#
    subscript(index: Int) -> Int { index }
    func shift(by bits: Int = 1 << 20, _ table: [String: Array<Int>] = [:]) {}
    @available(*, deprecated, message: "use ``record(_:rendered:)``") func old() {}
}

extension Ledger {
    /// Made with ``init(email:name:)``; ``Ledger/Kind/tooLarge(number:bytes:)``, ``subscript(_:)``.
    public init(email: String, name: String = "") { self.init() }
    /// ``total()`` comes from ``Countable``; ``shift(by:_:)`` and ``old()`` too.
    func plus() {}
}

/**
 Stale: ``Ledger/record(_:)``,
 ``Ledger/forget()``, ``Ledger/hidden``
 and ``Ghost``.
 */
protocol Countable {}
extension Countable { func total() -> Int { 0 } }
''',
    "Sources/Other/Other.swift": (
        "/// ``Ledger`` and ``Fixture/Ledger`` are in Fixture; ``tooLarge``.\n"
        "struct Other {}\n"
    ),
    "README.md": "Use ``Ledger/count`` (`` `x` `` is code), not ``Ledger/size``.\n```\n``Not/a/link``\n```\n",
}

SELF_TEST_FINDINGS = [
    "Sources/Fixture/Ledger.swift:29: ``Ledger/record(_:)`` names nothing in Sources/; fix the link or the name",
    "Sources/Fixture/Ledger.swift:30: ``Ledger/forget()`` names nothing in Sources/; fix the link or the name",
    "Sources/Fixture/Ledger.swift:30: ``Ledger/hidden`` names nothing in Sources/; fix the link or the name",
    "Sources/Fixture/Ledger.swift:31: ``Ghost`` names nothing in Sources/; fix the link or the name",
    "README.md:1: ``Ledger/size`` names nothing in Sources/; fix the link or the name",
]

SELF_TEST_LENIENT = [
    "Sources/Other/Other.swift:1: ``Ledger`` resolves only leniently: found in Fixture, not in Other",
    "Sources/Other/Other.swift:1: ``tooLarge`` resolves only leniently: a member of Ledger.Kind, out of scope;"
    " found in Fixture, not in Other; a bare name for a declaration with argument labels",
]


def self_test():
    """Good links pass; a stale label, member and type, and a stale Markdown link, are each reported;
    links to another module or out of scope count as lenient."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="check-doc-links-test-") as root:
        for path, text in SELF_TEST_SOURCES.items():
            os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
            with open(os.path.join(root, path), "w", encoding="utf-8") as file:
                file.write(text)
        findings, lenient, count, _ = check(root, report_lenient=True)
    failures = compare("finding", findings, SELF_TEST_FINDINGS) + compare("lenient", lenient, SELF_TEST_LENIENT)
    if count != 22:
        failures.append(f"{count} links read, not 22")
    for failure in failures:
        print(f"check-doc-links self-test: {failure}", file=sys.stderr)
    if failures:
        return 1
    print("check-doc-links self-test: passed")
    return 0


def compare(what, got, wanted):
    return [f"unexpected {what}: {line}" for line in got if line not in wanted] + [
        f"missing {what}: {line}" for line in wanted if line not in got]


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    report_lenient = False
    arguments = iter(argv)
    for argument in arguments:
        if argument == "--self-test":
            return self_test()
        elif argument == "--root":
            root = os.path.abspath(next(arguments))
        elif argument == "--lenient":
            report_lenient = True
        else:
            print(__doc__.split("\n\n")[-1], file=sys.stderr)
            return 64
    findings, lenient, count, files = check(root, report_lenient)
    for line in findings + lenient:
        print(line)
    sys.stdout.flush()
    if findings:
        print(f"doc links: {len(findings)} of {count} name nothing in Sources/; fix each as it says", file=sys.stderr)
        return 1
    print(f"doc links: {count} links in {files} files, every one names a declaration in Sources/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
