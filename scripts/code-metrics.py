#!/usr/bin/env python3
"""Code metrics the architecture issue reports: long lines, undocumented public declarations,
the module import graph and the longest functions. Usage: scripts/code-metrics.py [--top N]

Counts are over Sources/ (and, for long lines, Tests/ too). Function length is the number of
lines from the declaration to its closing brace, found by counting braces outside strings and
comments, which is exact for this code base's style."""
import os, re, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TOP = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 10


def swift_files(folder):
    for dirpath, _, names in os.walk(os.path.join(ROOT, folder)):
        if "Fixtures" in dirpath or "Golden" in dirpath:
            continue
        for n in sorted(names):
            if n.endswith(".swift"):
                yield os.path.join(dirpath, n)


def rel(p):
    return os.path.relpath(p, ROOT)


long_lines = {}
for folder in ("Sources", "Tests"):
    count = 0
    for f in swift_files(folder):
        with open(f, encoding="utf-8") as h:
            count += sum(1 for line in h if len(line.rstrip("\n")) > 120)
    long_lines[folder] = count

DECL = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:public|open)\s+(?:(?:static|final|override|mutating|nonisolated|"
                  r"convenience|required|indirect|lazy)\s+)*(func|var|let|struct|enum|class|actor|init|protocol|"
                  r"typealias|case|subscript)\b")
undocumented, public_total = 0, 0
by_module = {}
for f in swift_files("Sources"):
    lines = open(f, encoding="utf-8").read().split("\n")
    for i, line in enumerate(lines):
        if not DECL.match(line):
            continue
        public_total += 1
        j = i - 1
        while j >= 0 and lines[j].strip().startswith("@"):
            j -= 1
        prev = lines[j].strip() if j >= 0 else ""
        if not (prev.startswith("///") or prev.endswith("*/")):
            undocumented += 1
            module = rel(f).split(os.sep)[1]
            by_module[module] = by_module.get(module, 0) + 1

graph = {}
for f in swift_files("Sources"):
    module = rel(f).split(os.sep)[1]
    for line in open(f, encoding="utf-8"):
        m = re.match(r"^\s*(?:@testable\s+|@_exported\s+)?import\s+(Readout\w+)", line)
        if m and m.group(1) != module:
            graph.setdefault(module, set()).add(m.group(1))
        graph.setdefault(module, set())


def functions(f):
    text = open(f, encoding="utf-8").read().split("\n")
    out = []
    start = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|static|mutating|override|"
                       r"final|nonisolated|@discardableResult)\s+)*(?:func\s+([\w+\-*/<>=!]+)|(init)[?!]?\s*[(<])")
    for i, line in enumerate(text):
        m = start.match(line)
        if not m:
            continue
        name = m.group(1) or "init"
        depth, opened, k = 0, False, i
        while k < len(text):
            code = re.sub(r'"(?:\\.|[^"\\])*"', '""', text[k].split("//")[0])
            for ch in code:
                if ch == "{":
                    depth += 1
                    opened = True
                elif ch == "}":
                    depth -= 1
            if opened and depth <= 0:
                break
            if not opened and k > i + 15:
                break
            k += 1
        if opened:
            out.append((k - i + 1, f"{rel(f)}:{i + 1} {name}"))
    return out


all_functions = sorted((x for f in swift_files("Sources") for x in functions(f)), reverse=True)
print(f"lines over 120 characters: Sources {long_lines['Sources']}, Tests {long_lines['Tests']}")
print(f"public declarations without a doc comment: {undocumented} of {public_total}"
      + "".join(f"\n  {m}: {n}" for m, n in sorted(by_module.items())))
print("module imports (module -> the Readout modules it imports):")
for m in sorted(graph):
    print(f"  {m} -> {', '.join(sorted(graph[m])) or '(none)'}")
print(f"functions over 60 lines: {sum(1 for n, _ in all_functions if n > 60)}; the longest {TOP}:")
for n, where in all_functions[:TOP]:
    print(f"  {n:4d}  {where}")
