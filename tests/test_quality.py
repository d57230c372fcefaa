"""Code-shape rules held by the suite: ruff clean, complexity ≤ 15, modules of a
readable size, and vocabulary in data files rather than in code."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "plantool"
CJK = re.compile(r"[\u3400-\u9fff]")
MAX_WORDS = 5
MAX_LINES = 520
# The structural tables the issue allows in code: numeral digits, plan labels, region
# suffixes (module, name).
STRUCTURAL = {("periods", "PLAN_LABELS"), ("numbers", "_MULTIPLIERS"), ("regions", "_SUFFIXES")}


def _ruff() -> list[str]:
    found = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if not found:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    return [found]


def test_ruff_is_clean():
    done = subprocess.run([*_ruff(), "check", str(PACKAGE), str(PACKAGE.parent / "tests"),
                           str(PACKAGE.parent / "benchmarks")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_no_function_over_complexity_15():
    done = subprocess.run([*_ruff(), "check", "--isolated", "--select", "C901", "--config",
                           "lint.mccabe.max-complexity = 15", str(PACKAGE)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_no_module_over_about_500_lines():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def _cjk_words(node: ast.AST) -> int:
    """How many CJK words a literal lists: elements of a collection, keys of a dict, or
    the alternatives of a regex written as one string."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return sum(isinstance(e, ast.Constant) and isinstance(e.value, str)
                   and bool(CJK.search(e.value)) for e in node.elts)
    if isinstance(node, ast.Dict):
        return sum(isinstance(k, ast.Constant) and isinstance(k.value, str)
                   and bool(CJK.search(k.value)) for k in node.keys)
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and "|" in node.value:
        return sum(bool(CJK.search(piece)) for piece in node.value.split("|"))
    return 0


def _assigned_name(tree: ast.Module, target: ast.AST) -> str:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and target in ast.walk(node):
            names = node.targets if isinstance(node, ast.Assign) else [node.target]
            return next((n.id for n in names if isinstance(n, ast.Name)), "")
    return ""


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body and \
                isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            found.add(id(node.body[0].value))
    return found


def hard_coded_word_lists() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            count = 0 if id(node) in docstrings else _cjk_words(node)
            if count > MAX_WORDS:
                name = _assigned_name(tree, node)
                if (path.stem, name) not in STRUCTURAL:
                    found.append(f"{path.name}:{node.lineno} {name or '<literal>'} ({count} words)")
    return found


def test_vocabulary_lives_in_data_files():
    """Word lists of more than five Chinese words belong in plantool/data/, where a user
    can read and extend them."""
    assert hard_coded_word_lists() == []


def test_the_word_list_check_sees_lists_and_alternations():
    sample = ast.parse('WORDS = ("一", "二", "三", "四", "五", "六")\n'
                       'PATTERN = r"甲|乙|丙|丁|戊|己"\n'
                       'SHORT = ("一", "二")\n')
    counts = [_cjk_words(node) for node in ast.walk(sample)]
    assert sorted(c for c in counts if c > MAX_WORDS) == [6, 6]
