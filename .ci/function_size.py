"""Fail when a function or method of the package is over the size the code aims at: cyclomatic
complexity over 15 (radon's measure) or over 60 lines (from `def` to its last line, docstring included).

    python .ci/function_size.py kg          prints each one, exits 1 when any exists
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from radon.complexity import cc_visit
from radon.visitors import Class

MAX_COMPLEXITY = 15
MAX_LINES = 60


def oversized(source: str, path: str) -> list[tuple[str, str, int, int]]:
    """(path:line, name, complexity, lines) of each function of `source` over either limit, nested
    functions and methods included."""
    complexity = {(f.lineno, f.name): f.complexity for f in _functions(cc_visit(source))}
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
            lines = node.end_lineno - node.lineno + 1
            cc = complexity.get((node.lineno, node.name), 0)
            if cc > MAX_COMPLEXITY or lines > MAX_LINES:
                found.append((f"{path}:{node.lineno}", node.name, cc, lines))
    return sorted(found, key=lambda f: int(f[0].rsplit(":", 1)[1]))


def _functions(blocks):
    """radon's functions, with the methods of classes and the functions nested in functions."""
    for block in blocks:
        if isinstance(block, Class):
            yield from _functions(block.methods)
            yield from _functions(block.inner_classes)
        else:
            yield block
            yield from _functions(block.closures)


def main(roots: list[str]) -> int:
    over = []
    for root in roots:
        for path in sorted(Path(root).rglob("*.py")):
            over += oversized(path.read_text(encoding="utf-8"), str(path))
    print(f"function size: {len(over)} function(s) over cyclomatic complexity {MAX_COMPLEXITY} or "
          f"{MAX_LINES} lines in {', '.join(roots)}")
    for where, name, complexity, lines in over:
        print(f"  {where} {name}: complexity {complexity or '-'}, {lines} lines")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["kg"]))
