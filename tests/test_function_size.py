"""The function-size check of .ci/run (.ci/function_size.py): complexity from radon, length from
`def` to the last line, nested functions and methods included."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("function_size", Path(__file__).parent.parent / ".ci" / "function_size.py")
function_size = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(function_size)


def _branches(name: str, n: int, indent: str = "") -> str:
    body = "".join(f"{indent}    if x == {i}:\n{indent}        return {i}\n" for i in range(n))
    return f"{indent}def {name}(x):\n{body}{indent}    return -1\n"


def test_a_function_of_fifteen_branches_passes_and_sixteen_fails():
    # Complexity is one more than the branches: 14 ifs are 15, 15 ifs are 16.
    assert function_size.oversized(_branches("fits", 14), "m.py") == []
    assert function_size.oversized(_branches("branchy", 15), "m.py") == [("m.py:1", "branchy", 16, 32)]


def test_length_counts_from_def_to_the_last_line():
    body = "".join(f"    y{i} = x + {i}\n" for i in range(58))
    sixty = f"def sixty(x):\n{body}    return x\n"
    sixty_one = f"def sixty_one(x):\n    '''One more line.'''\n{body}    return x\n"
    assert function_size.oversized(sixty, "m.py") == []
    assert function_size.oversized(sixty_one, "m.py") == [("m.py:1", "sixty_one", 1, 61)]


def test_methods_and_nested_functions_are_measured():
    source = "class Writer:\n" + _branches("event", 15, "    ") + "\n\ndef outer():\n" + _branches("inner", 16, "    ")
    names = [(name, cc) for _, name, cc, _ in function_size.oversized(source, "m.py")]
    assert ("event", 16) in names
    assert ("inner", 17) in names

