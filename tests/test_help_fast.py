"""``plantool --help`` must not import the extraction stack, sqlite-utils or rich."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT

HEAVY = ("plantool.extract", "plantool.pipeline", "plantool.store", "plantool.read",
         "cn2an", "sqlite_utils", "rich", "yaml", "charset_normalizer", "tabulate", "jieba")

PROBE = """
import json, sys
from click.testing import CliRunner
import plantool.cli

results = [CliRunner().invoke(plantool.cli.cli, args).exit_code for args in {argv!r}]
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {{"cn2an", "sqlite_utils", "rich",
               "yaml", "charset_normalizer", "tabulate", "jieba"}}
               or m in {{"plantool.extract", "plantool.pipeline", "plantool.store",
                        "plantool.read"}})
print(json.dumps({{"codes": results, "heavy": heavy}}))
"""


def probe(*argvs: list[str]) -> dict:
    code = PROBE.format(argv=[list(a) for a in argvs])
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def test_top_level_help_imports_nothing_heavy():
    found = probe(["--help"], ["-h"])
    assert found == {"codes": [0, 0], "heavy": []}


def test_every_command_help_imports_nothing_heavy():
    from plantool.cli import cli

    commands = sorted(cli.commands)
    assert {"ingest", "list", "show", "docs", "path"} <= set(commands)
    found = probe(*[[name, "--help"] for name in commands])
    assert found == {"codes": [0] * len(commands), "heavy": []}


def test_the_probe_can_fail():
    """A command that does its work imports the stack, so the check above means something."""
    found = probe(["path"], ["list", "--limit", "1"])
    assert "sqlite_utils" in found["heavy"]


@pytest.mark.parametrize("args", [["--help"], ["ingest", "--help"], ["list", "--help"]])
def test_help_from_the_entry_point(args):
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "plantool", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Usage: " in done.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "click" in imported and "plantool.cli" in imported
    assert not imported & set(HEAVY)
