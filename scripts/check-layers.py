#!/usr/bin/env python3
"""Checks that every Swift target imports only what Package.swift declares for it, and that the
declarations follow the layers of ARCHITECTURE.md.

What it guarantees, for every target of Package.swift (read with `swift package dump-package`, once
plain and once with NEWSLETTER_FUZZ=1 for the fuzz targets):
  - each import declaration in its .swift files names a toolchain module (TOOLCHAIN_MODULES below),
    a project target the target declares, or a product it declares;
  - each project target it declares is imported by at least one of its files;
  - for the targets under Sources/: ARCHITECTURE.md's layer table has exactly one row per target,
    that row lists exactly the project targets Package.swift declares, and none of them sits in a
    higher layer (bottom to top: LAYERS below). Rows for targets that do not exist fail too.
SwiftPM alone does not give this: on Linux a target can import the modules of its dependencies'
dependencies without declaring them.

What it does not guarantee: that an import is needed (a declared and imported module may be
unused); anything about products beyond their names (a product's module is taken to have the
product's name, which holds for every package this project uses; PRODUCT_MODULES lists exceptions);
imports made by C headers of system-library targets; that `#if` branches are compiled at all (an
import in any branch counts). Bare regex literals (/.../) are not recognised as literals.

Usage: check-layers.py [--root DIR] [--dump FILE ...] [--self-test]
  --root DIR   the package folder (default: this script's parent folder)
  --dump FILE  read a dump-package JSON instead of running swift (repeatable; targets are merged)
  --self-test  check the checker on a throwaway package in a temporary folder
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from swift_source import code_only  # scripts/swift_source.py

# Modules that come with the Swift toolchain (on Linux: /opt/swift/usr/lib/swift/linux/*.swiftmodule
# and the Clang modules it ships) or the C library, so no target declares them. Beyond the brief's
# list: Swift and SwiftOnoneSupport (the standard library), Observation, Distributed,
# _Differentiation, Cxx and CxxStdlib (C++ interop), _Volatile, _RegexParser, _Builtin_float,
# _FoundationCollections and _Testing_Foundation (all in the Linux toolchain), and the other
# platforms' C libraries a `#if canImport` branch may name (Android, Bionic, WASILibc, WinSDK, ucrt).
TOOLCHAIN_MODULES = {
    "Foundation", "FoundationEssentials", "FoundationInternationalization", "FoundationNetworking",
    "FoundationXML", "Glibc", "Musl", "Darwin", "Dispatch", "Synchronization", "Testing", "XCTest",
    "_Concurrency", "_StringProcessing", "RegexBuilder", "os",
    "Swift", "SwiftOnoneSupport", "Observation", "Distributed", "_Differentiation", "Cxx", "CxxStdlib",
    "_Volatile", "_RegexParser", "_Builtin_float", "_FoundationCollections", "_Testing_Foundation",
    "Android", "Bionic", "WASILibc", "WinSDK", "ucrt",
}

# A product whose module is not named like the product: {product name: {module, ...}}. Empty: every
# product this project declares (Crypto, _CryptoExtras, Mustache, Yams, GRDB, Logging, Hummingbird,
# HummingbirdTesting, NIOCore, NIOHTTP1, NIOHTTPTypes, NIOHTTPTypesHTTP1, ArgumentParser) vends exactly
# one target of its own name (checked with dump-package on each package's checkout).
PRODUCT_MODULES = {}

LAYERS = ["foundations", "domain", "application", "adapters", "command line"]
TABLE_HEADER = "| layer | target | imports (project targets) | notes |"

IMPORT = re.compile(
    r"(?:^|;)[ \t]*"
    r"(?:(?:@\w+(?:\([^()\n]*\))?|public|package|internal|fileprivate|private|open)\s+)*"
    r"(?P<keyword>import)\s+"
    r"(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?"
    r"`?(?P<module>[A-Za-z_]\w*)",
    re.M,
)


class Target:
    """One target of the dump: its name, kind, folder, excluded paths and dependencies."""

    def __init__(self, entry, project_names, root):
        self.name = entry["name"]
        self.kind = entry["type"]
        self.folder = entry.get("path") or default_folder(self.name, self.kind, root)
        self.exclude = [os.path.normpath(os.path.join(self.folder, e)) for e in entry.get("exclude", [])]
        self.targets = []  # declared project targets, by name
        self.products = []  # declared products, as (name, modules)
        for dependency in entry.get("dependencies", []):
            self.add_dependency(dependency, project_names)

    def add_dependency(self, dependency, project_names):
        """One dump entry: {"byName": [name, condition]}, {"target": [name, condition]} or
        {"product": [name, package, moduleAliases, condition]}."""
        kind, values = next(iter(dependency.items()))
        name = values[0]
        if kind == "target" or (kind == "byName" and name in project_names):
            self.targets.append(name)
        elif kind == "product":
            aliases = values[2] or {}
            self.products.append((name, product_modules(name, aliases)))
        else:  # byName naming no target of this package: a product of that name
            self.products.append((name, product_modules(name, {})))

    @property
    def under_sources(self):
        return self.folder.split("/")[0] == "Sources" and self.kind in ("regular", "executable", "system")


def default_folder(name, kind, root):
    """SwiftPM's folder for a target without `path`: the first predefined folder that exists."""
    parents = {"test": ["Tests"], "plugin": ["Plugins"]}.get(kind, ["Sources", "Source", "src", "srcs"])
    for parent in parents:
        if os.path.isdir(os.path.join(root, parent, name)):
            return f"{parent}/{name}"
    return f"{parents[0]}/{name}"


def product_modules(name, aliases):
    """The modules a product vends, renamed by `moduleAliases` when the dependency gives them."""
    modules = PRODUCT_MODULES.get(name, {name})
    return {aliases.get(module, module) for module in modules}


def module_name(target_name):
    """The module SwiftPM makes of a target: other characters than letters, digits and _ become _."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", target_name)
    return "_" + name if name[:1].isdigit() else name


# Reading the package ------------------------------------------------------------------------------


def run_dumps(root):
    """The manifest, dumped plain and with NEWSLETTER_FUZZ=1, in a scratch folder outside .build."""
    swift = shutil.which("swift") or "/opt/swift/usr/bin/swift"
    if not os.access(swift, os.X_OK):
        sys.exit("check-layers: swift not found; put the Swift toolchain's usr/bin on PATH")
    dumps = []
    with tempfile.TemporaryDirectory(prefix="check-layers-") as scratch:
        for fuzz in (False, True):
            env = {k: v for k, v in os.environ.items() if k != "NEWSLETTER_FUZZ"}
            if fuzz:
                env["NEWSLETTER_FUZZ"] = "1"
            command = [swift, "package", "dump-package", "--package-path", root, "--scratch-path", scratch]
            result = subprocess.run(command, env=env, capture_output=True, text=True)
            if result.returncode != 0:
                sys.exit(f"check-layers: `{' '.join(command[1:4])}` failed:\n{result.stderr}")
            dumps.append(json.loads(result.stdout))
    return dumps


def load_targets(dumps, root):
    """Every target of the dumps; one defined alike in two dumps counts once, one defined otherwise twice."""
    entries, seen = [], set()
    for dump in dumps:
        for entry in dump["targets"]:
            key = json.dumps({k: entry.get(k) for k in ("name", "type", "path", "exclude", "dependencies")},
                             sort_keys=True)
            if key not in seen:
                seen.add(key)
                entries.append(entry)
    project_names = {entry["name"] for entry in entries}
    return [Target(entry, project_names, root) for entry in entries if entry["type"] != "binary"]


def manifest_lines(root):
    """The line of Package.swift that defines each target (`.target(name: "X"` and the like)."""
    try:
        with open(os.path.join(root, "Package.swift"), encoding="utf-8") as manifest:
            text = manifest.read()
    except OSError:
        return {}
    lines = {}
    for match in re.finditer(r'\.(?:\w*[tT]arget|systemLibrary|plugin|macro)\(\s*name:\s*"([^"]+)"', text):
        lines.setdefault(match.group(1), text.count("\n", 0, match.start(1)) + 1)
    return lines


def manifest_declares(target, manifest):
    """How a finding about a target's declaration starts: with the line of Package.swift when known."""
    if target.name in manifest:
        return f"Package.swift:{manifest[target.name]}: declares"
    return "Package.swift declares"


# Reading Swift files ------------------------------------------------------------------------------


def swift_files(root, target):
    """The .swift files of a target's folder, less its excluded paths, sorted."""
    folder = os.path.join(root, target.folder)
    found = []
    for directory, subdirectories, files in os.walk(folder):
        relative = os.path.relpath(directory, root)
        subdirectories[:] = sorted(
            d for d in subdirectories
            if not d.startswith(".") and os.path.normpath(os.path.join(relative, d)) not in target.exclude
        )
        for file in sorted(files):
            path = os.path.normpath(os.path.join(relative, file))
            if file.endswith(".swift") and path not in target.exclude:
                found.append(path)
    return found


def imports(path, root):
    """The import declarations of a file, as (line, module)."""
    with open(os.path.join(root, path), encoding="utf-8") as file:
        code = code_only(file.read())
    return [(code.count("\n", 0, m.start("keyword")) + 1, m.group("module")) for m in IMPORT.finditer(code)]


# Reading ARCHITECTURE.md --------------------------------------------------------------------------


def read_table(root, findings):
    """The layer table's rows, as dicts with line, layer, target and imports (a set of names)."""
    path = os.path.join(root, "ARCHITECTURE.md")
    try:
        with open(path, encoding="utf-8") as file:
            lines = file.read().split("\n")
    except OSError:
        findings.append("ARCHITECTURE.md: missing; it holds the layer table the targets must follow")
        return None
    start = next((n for n, line in enumerate(lines) if line.strip() == TABLE_HEADER), None)
    if start is None:
        findings.append(f"ARCHITECTURE.md: no layer table with the header `{TABLE_HEADER}`; add it")
        return None
    rows = []
    for number in range(start + 2, len(lines)):
        if not lines[number].strip().startswith("|"):
            break
        row = parse_row(lines[number], number + 1, findings)
        if row:
            rows.append(row)
    return rows


def parse_row(line, number, findings):
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    where = f"ARCHITECTURE.md:{number}:"
    if len(cells) != 4:
        findings.append(f"{where} a row of the layer table needs 4 cells (layer, target, imports, notes)")
        return None
    layer, target, listed, _ = cells
    if layer not in LAYERS:
        findings.append(f"{where} layer `{layer}` is none of {', '.join(LAYERS)}; fill the layer column")
        return None
    name = re.fullmatch(r"`([^`]+)`", target)
    if not name:
        findings.append(f"{where} the target cell must be one backticked target name, not `{target}`")
        return None
    names = set()
    if listed != "—":
        items = [item.strip() for item in listed.split(",")]
        if not all(re.fullmatch(r"`[^`]+`", item) for item in items):
            findings.append(f"{where} the imports cell must be `—` or backticked target names separated by commas")
            return None
        names = {item.strip("`") for item in items}
    return {"line": number, "layer": layer, "target": name.group(1), "imports": names}


# The checks -------------------------------------------------------------------------------------


def check_imports(root, target, manifest, executables, findings):
    """Undeclared imports and declared-but-unimported project targets of one target; the import count.

    A dependency on an executable target need not be imported: it is how a test target gets the
    binary built beside it (NewsletterTests runs the real `newsletter`)."""
    declared = {module_name(name): name for name in target.targets}
    allowed = TOOLCHAIN_MODULES | set(declared) | {m for _, modules in target.products for m in modules}
    imported, count = set(), 0
    for path in swift_files(root, target):
        for line, module in imports(path, root):
            count += 1
            imported.add(module)
            if module not in allowed:
                findings.append(undeclared_import(path, line, module, target))
    for module, name in declared.items():
        if module not in imported and name not in executables and target.kind != "system":
            findings.append(
                f"{manifest_declares(target, manifest)} {target.name} → {name}, but no file of {target.name}"
                " imports it; drop the dependency"
            )
    return count


def undeclared_import(path, line, module, target):
    table = " (and list it in ARCHITECTURE.md's table)" if target.under_sources else ""
    return (
        f"{path}:{line}: imports {module}, which Package.swift does not declare for {target.name};"
        f" declare it{table} or drop the import"
    )


def check_table(rows, targets, manifest, findings):
    """ARCHITECTURE.md's layer table against the targets under Sources/ and their declared targets."""
    layered = {t.name: t for t in targets if t.under_sources}
    by_target = {}
    for row in rows:
        if row["target"] in by_target:
            first = by_target[row["target"]]["line"]
            findings.append(
                f"ARCHITECTURE.md:{row['line']}: a second row for {row['target']} (the first is line {first});"
                " keep one"
            )
        elif row["target"] not in layered:
            findings.append(
                f"ARCHITECTURE.md:{row['line']}: a row for {row['target']}, which is no target under Sources/"
                " in Package.swift; drop the row or fix the name"
            )
        else:
            by_target[row["target"]] = row
    for name, target in layered.items():
        row = by_target.get(name)
        if row is None:
            findings.append(
                f"ARCHITECTURE.md: no row for {name} ({target.folder}) in the layer table; add one with its layer"
                " and the project targets Package.swift declares for it"
            )
            continue
        compare_row(row, target, manifest, findings)
        check_layers(row, target, by_target, layered, findings)


def compare_row(row, target, manifest, findings):
    declared = set(target.targets)
    for name in sorted(row["imports"] - declared):
        findings.append(
            f"ARCHITECTURE.md:{row['line']}: the row for {target.name} lists {name}, which Package.swift does not"
            f" declare for {target.name}; drop it from the row or declare it"
        )
    for name in sorted(declared - row["imports"]):
        findings.append(
            f"{manifest_declares(target, manifest)} {target.name} → {name}, which ARCHITECTURE.md:{row['line']}"
            f" does not list for {target.name}; list it in the table or drop the dependency"
        )


def check_layers(row, target, by_target, layered, findings):
    """Every target the row lists or Package.swift declares sits in the row's layer or below."""
    own = LAYERS.index(row["layer"])
    for name in sorted(row["imports"] | set(target.targets)):
        other = by_target.get(name)
        if other is None and name not in layered:
            findings.append(
                f"ARCHITECTURE.md:{row['line']}: {target.name} depends on {name}, which is no target under"
                " Sources/ and so has no layer; drop the dependency"
            )
        elif other is not None and LAYERS.index(other["layer"]) > own:
            findings.append(
                f"ARCHITECTURE.md:{row['line']}: {target.name} ({row['layer']}) depends on {name}, which sits"
                f" higher ({other['layer']}); a target imports only its own layer and those below: move the code"
                " or drop the dependency"
            )


def check(root, dumps):
    """Every finding for the package at root, and the counts for the summary line."""
    targets = load_targets(dumps, root)
    manifest = manifest_lines(root)
    executables = {t.name for t in targets if t.kind == "executable"}
    findings, count = [], 0
    for target in targets:
        count += check_imports(root, target, manifest, executables, findings)
    rows = read_table(root, findings)
    if rows is not None:
        check_table(rows, targets, manifest, findings)
    unique = list(dict.fromkeys(findings))
    return unique, len({t.name for t in targets}), count


# The self-test ------------------------------------------------------------------------------------

SELF_TEST_TABLE = """# Architecture

| layer | target | imports (project targets) | notes |
| --- | --- | --- | --- |
| foundations | `Base` | — | |
| domain | `Mid` | {mid} | |
| application | `Top` | {top} | |
{extra}"""

SELF_TEST_FILES = {
    "Sources/Base/Base.swift": "import Foundation\n#if canImport(Glibc)\n    import Glibc\n#endif\n",
    "Sources/Top/Top.swift": "@preconcurrency import Mid\nimport struct Foundation.Date\n",
    "Sources/Extra/Extra.swift": "public let extra = 1\n",
    "Tools/ToolBox/main.swift": "print(1)\n",
    "Tests/MidTests/MidTests.swift": "@testable import Mid\nimport Testing\nimport Lib\n",
    "Tests/MidTests/Fixtures/Skipped.swift": "import Nowhere\n",
    "Package.swift": 'let package = Package(name: "Fake", targets: [\n    .target(name: "Mid"),\n'
    '    .target(\n        name: "Top"),\n])\n',
}

SELF_TEST_MID = (
    "import Base\n"
    'import Foundation // a """ in a comment opens no string\n'
    "// import Ghost\n"
    'let script = """\n    import sys\n    print("\\(1)")\n    """\n'
    "/* import Ghost\n   /* nested */ import Ghost */\n"
    'let raw = #"""\n    a """ b\nimport RawGhost\n    """#\n'
)


def self_test_dump(mid_dependencies):
    def target(name, kind="regular", dependencies=(), **extra):
        return {"name": name, "type": kind, "exclude": [], "dependencies": list(dependencies), **extra}

    return {"targets": [
        target("Base"),
        target("Mid", dependencies=[{"byName": [n, None]} for n in mid_dependencies]),
        target("Top", dependencies=[{"target": ["Mid", None]}]),
        target("tool-box", kind="executable", path="Tools/ToolBox"),
        target("Extra"),
        target("MidTests", kind="test", exclude=["Fixtures"], dependencies=[
            {"byName": ["Mid", None]},
            {"byName": ["tool-box", None]},
            {"product": ["Lib", "lib-package", None, None]},
        ]),
    ]}


def self_test_tree(folder, mid_source, mid_dependencies, table):
    for path, text in {**SELF_TEST_FILES, "Sources/Mid/Mid.swift": mid_source}.items():
        os.makedirs(os.path.join(folder, os.path.dirname(path)), exist_ok=True)
        with open(os.path.join(folder, path), "w", encoding="utf-8") as file:
            file.write(text)
    with open(os.path.join(folder, "ARCHITECTURE.md"), "w", encoding="utf-8") as file:
        file.write(table)
    return [self_test_dump(mid_dependencies)]


def self_test():
    """A broken throwaway package must give exactly the expected findings; a clean one none."""
    failures = []
    with tempfile.TemporaryDirectory(prefix="check-layers-test-") as folder:
        clean_table = SELF_TEST_TABLE.format(mid="`Base`", top="`Mid`", extra="| foundations | `Extra` | — | |\n")
        dumps = self_test_tree(folder, SELF_TEST_MID, ["Base"], clean_table)
        findings, targets, count = check(folder, dumps)
        expect(failures, "clean tree", findings, [])
        expect(failures, "clean tree counts", [f"{targets} targets, {count} imports"], ["6 targets, 9 imports"])

        broken_table = SELF_TEST_TABLE.format(mid="`Base`, `Top`", top="`Base`", extra="| domain | `Ghost` | — | |\n")
        dumps = self_test_tree(folder, SELF_TEST_MID + "@_spi(Inside) import Stray.Part\n",
                               ["Base", "Top", "Extra"], broken_table)
        findings, _, _ = check(folder, dumps)
        expect(failures, "broken tree", findings, [
            "Sources/Mid/Mid.swift:14: imports Stray, which Package.swift does not declare for Mid;"
            " declare it (and list it in ARCHITECTURE.md's table) or drop the import",
            "Package.swift:2: declares Mid → Top, but no file of Mid imports it; drop the dependency",
            "Package.swift:2: declares Mid → Extra, but no file of Mid imports it; drop the dependency",
            "ARCHITECTURE.md:8: a row for Ghost, which is no target under Sources/ in Package.swift;"
            " drop the row or fix the name",
            "Package.swift:2: declares Mid → Extra, which ARCHITECTURE.md:6 does not list for Mid;"
            " list it in the table or drop the dependency",
            "ARCHITECTURE.md:6: Mid (domain) depends on Top, which sits higher (application); a target imports"
            " only its own layer and those below: move the code or drop the dependency",
            "ARCHITECTURE.md:7: the row for Top lists Base, which Package.swift does not declare for Top;"
            " drop it from the row or declare it",
            "Package.swift:4: declares Top → Mid, which ARCHITECTURE.md:7 does not list for Top;"
            " list it in the table or drop the dependency",
            "ARCHITECTURE.md: no row for Extra (Sources/Extra) in the layer table; add one with its layer and"
            " the project targets Package.swift declares for it",
        ])
    for failure in failures:
        print(f"check-layers self-test: {failure}", file=sys.stderr)
    if failures:
        return 1
    print("check-layers self-test: passed")
    return 0


def expect(failures, case, got, wanted):
    for line in got:
        if line not in wanted:
            failures.append(f"{case}: unexpected finding: {line}")
    for line in wanted:
        if line not in got:
            failures.append(f"{case}: missing finding: {line}")


# Command line -------------------------------------------------------------------------------------


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dump_files = []
    arguments = iter(argv)
    for argument in arguments:
        if argument == "--self-test":
            return self_test()
        elif argument == "--root":
            root = os.path.abspath(next(arguments))
        elif argument == "--dump":
            dump_files.append(next(arguments))
        else:
            print(__doc__.split("\n\n")[-1], file=sys.stderr)
            return 64
    dumps = [json.load(open(path, encoding="utf-8")) for path in dump_files] or run_dumps(root)
    findings, targets, count = check(root, dumps)
    for finding in findings:
        print(finding)
    sys.stdout.flush()
    if findings:
        print(f"layers: {len(findings)} findings; fix each as it says", file=sys.stderr)
        return 1
    print(f"layers: {targets} targets, {count} imports checked, every import declared and in its layer")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
